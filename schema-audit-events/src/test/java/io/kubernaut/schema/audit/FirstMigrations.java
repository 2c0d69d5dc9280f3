package io.kubernaut.schema.audit;

import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.util.List;
import java.util.Set;

/**
 * A family as an older artifact shipped it: the first {@code count} migrations of {@code family},
 * with the same scripts and checksums. Lets a test start from V2 and upgrade with the real jar.
 *
 * @param family the family as discovered on the classpath
 * @param count  how many of its migrations the older artifact had
 */
record FirstMigrations(SchemaModule family, int count) implements SchemaModule {

    FirstMigrations {
        if (count < 1 || count > family.migrations().size()) {
            throw new IllegalArgumentException("count must be 1.." + family.migrations().size() + ", was " + count);
        }
    }

    @Override
    public String name() {
        return family.name();
    }

    @Override
    public String artifact() {
        return family.artifact();
    }

    @Override
    public String artifactVersion() {
        return family.artifactVersion();
    }

    @Override
    public Set<String> tables() {
        return family.tables();
    }

    @Override
    public Set<String> requires() {
        return family.requires();
    }

    @Override
    public List<Migration> migrations() {
        return family.migrations().subList(0, count);
    }

    @Override
    public String readScript(Migration migration) {
        return family.readScript(migration);
    }

    @Override
    public String location() {
        return family.location() + " (first " + count + " migrations)";
    }
}
