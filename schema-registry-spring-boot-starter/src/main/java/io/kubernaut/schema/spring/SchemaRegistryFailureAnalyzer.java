package io.kubernaut.schema.spring;

import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.ConflictException;
import io.kubernaut.schema.migrator.DatabaseUnavailableException;
import io.kubernaut.schema.migrator.LockTimeoutException;
import io.kubernaut.schema.migrator.MigrationFailedException;
import io.kubernaut.schema.migrator.SchemaRegistryException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up failure of the migrator into Spring Boot's "APPLICATION FAILED TO START" report:
 * the migrator's own message, and what to do. Registered in {@code META-INF/spring.factories}.
 */
final class SchemaRegistryFailureAnalyzer extends AbstractFailureAnalyzer<SchemaRegistryException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SchemaRegistryException cause) {
        return new FailureAnalysis("The schema registry could not apply the table families: " + cause.getMessage(),
                action(cause), cause);
    }

    private static String action(SchemaRegistryException cause) {
        if (cause instanceof MigrationFailedException failed && "55P03".equals(failed.sqlState())) {
            return "A session named above held a lock on a table the migration changes for longer than"
                    + " schema.registry.lock-timeout, in each of the attempts schema.registry.lock-retries allows. Let it"
                    + " finish or end it, or allow longer; the next start applies the migration again.";
        }
        if (cause instanceof MigrationFailedException) {
            return "Fix the migration or the database named above. It was rolled back and nothing after it ran;"
                    + " the next start applies it again.";
        }
        if (cause instanceof ConflictException) {
            return "The database and the families on the class path disagree; nothing was applied. Run"
                    + " './migrator validate' against the database to see every conflict (a gap in the history is"
                    + " accepted only with schema.registry.out-of-order=true).";
        }
        if (cause instanceof LockTimeoutException) {
            return "Another migrator held the schema's lock longer than schema.registry.lock-wait: wait for it, or"
                    + " end the session named above.";
        }
        if (cause instanceof DatabaseUnavailableException) {
            return "Check the database URL and credentials (spring.datasource.*, or schema.registry.url/user).";
        }
        if (cause instanceof ConfigurationException) {
            return "Check schema.registry.tables, schema.registry.families and the family jars on the class path.";
        }
        if (cause instanceof SchemaDriftException) {
            return "Repair the tables, or set schema.registry.verify-on-start=warn to start anyway.";
        }
        return "See the message above.";
    }
}
