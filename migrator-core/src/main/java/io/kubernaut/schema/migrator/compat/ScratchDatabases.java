package io.kubernaut.schema.migrator.compat;

import javax.sql.DataSource;

/**
 * Where {@link CompatibilityCheck} tries the upgrade path: empty databases made for the check and
 * dropped after it. Implemented by whoever owns a PostgreSQL server (its user needs CREATEDB).
 *
 * @since 0.1.0
 */
public interface ScratchDatabases {

    /** Creates the empty database {@code name} and returns a data source for it. */
    DataSource create(String name);

    /**
     * Drops {@code name} if it exists. Called for both databases of a check when it ends, also when
     * creating one of them failed, so a name that was never created must be no error.
     */
    void drop(String name);
}
