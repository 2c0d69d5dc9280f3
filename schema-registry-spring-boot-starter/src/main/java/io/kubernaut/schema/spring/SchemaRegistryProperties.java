package io.kubernaut.schema.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code schema.registry.*} properties: what the starter applies at start-up, where, and how. The
 * defaults are the migrator's ({@code Defaults}), written out so IDEs show them.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("schema.registry")
public class SchemaRegistryProperties {

    /** Whether to apply the table families on the class path at start-up. */
    private boolean enabled = true;

    /** The schema the families are applied to; created if absent. */
    private String schema = "public";

    /** Tables to apply, each selecting the family that owns it (with the families it requires). Empty, with families empty: every family on the class path. */
    private List<String> tables = new ArrayList<>();

    /** Families to apply, with the families they require. */
    private List<String> families = new ArrayList<>();

    /** Whether the whole run is one transaction: every pending migration is applied, or none. */
    private boolean allOrNothing;

    /** How long to wait for another migrator (another replica starting) holding the schema's lock. */
    private Duration lockWait = Duration.ofSeconds(60);

    /** How long each migration statement may wait for a table lock the application holds (PostgreSQL's lock_timeout), so the application's queries never queue behind the migration for longer; 0 means no limit. */
    private Duration lockTimeout = Duration.ofSeconds(5);

    /** How often a transactional migration that hit the lock timeout is rolled back and run again, after a growing pause. */
    private int lockRetries = 3;

    /** Whether to accept a gap in the history (a version not applied below an applied one): the missing versions then run after the later ones, recorded so in the history. */
    private boolean outOfOrder;

    /** Whether to start when the database has migrations newer than the families on the class path (an older replica during a rolling update). */
    private boolean allowAhead;

    /** What to do after applying: compare the families' tables with their snapshots, and warn or fail on a difference. */
    private VerifyOnStart verifyOnStart = VerifyOnStart.WARN;

    /** Apply even when Flyway is configured for the same schema (by default the starter stays off there and says so). */
    private boolean alongsideFlyway;

    /** JDBC URL of the database to migrate, when the migration must not use the application's DataSource (e.g. a user with DDL rights). */
    private String url;

    /** User for the migration: with url, or alone to connect to the application's database (spring.datasource.url) as another user. */
    private String user;

    /** Password of user; given to the driver only, never logged. */
    private String password;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public List<String> getTables() {
        return tables;
    }

    public void setTables(List<String> tables) {
        this.tables = tables;
    }

    public List<String> getFamilies() {
        return families;
    }

    public void setFamilies(List<String> families) {
        this.families = families;
    }

    public boolean isAllOrNothing() {
        return allOrNothing;
    }

    public void setAllOrNothing(boolean allOrNothing) {
        this.allOrNothing = allOrNothing;
    }

    public Duration getLockWait() {
        return lockWait;
    }

    public void setLockWait(Duration lockWait) {
        this.lockWait = lockWait;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public int getLockRetries() {
        return lockRetries;
    }

    public void setLockRetries(int lockRetries) {
        this.lockRetries = lockRetries;
    }

    public boolean isOutOfOrder() {
        return outOfOrder;
    }

    public void setOutOfOrder(boolean outOfOrder) {
        this.outOfOrder = outOfOrder;
    }

    public boolean isAllowAhead() {
        return allowAhead;
    }

    public void setAllowAhead(boolean allowAhead) {
        this.allowAhead = allowAhead;
    }

    public VerifyOnStart getVerifyOnStart() {
        return verifyOnStart;
    }

    public void setVerifyOnStart(VerifyOnStart verifyOnStart) {
        this.verifyOnStart = verifyOnStart;
    }

    public boolean isAlongsideFlyway() {
        return alongsideFlyway;
    }

    public void setAlongsideFlyway(boolean alongsideFlyway) {
        this.alongsideFlyway = alongsideFlyway;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
