package io.kubernaut.schema.migrator.archive;

import io.kubernaut.schema.migrator.spi.SchemaModule;

/**
 * Where a family's files sit in its jar (or a build's output folder): the one place that spells the
 * layout. Everything of family {@code f} is under {@code META-INF/schema-registry/f/}:
 * <pre>
 * index.properties        the index ({@link FamilyIndex})
 * V1__create_x.sql ...    the scripts the index lists
 * snapshot.txt            the schema after all migrations ({@link SchemaSnapshot})
 * snapshots/1.txt ...     the schema after migrations 1 to n, for every version before the latest
 * </pre>
 * The provider is registered as a service in {@link #SERVICES}.
 *
 * @since 0.1.0
 */
public final class FamilyLayout {

    /** The folder of every family's files inside a jar. */
    public static final String ROOT = "META-INF/schema-registry/";

    /** The file name of a family's index, in its folder. */
    public static final String INDEX = "index.properties";

    /** The file name of the snapshot of a family's latest version, in its folder. */
    public static final String SNAPSHOT = "snapshot.txt";

    /** The service registration of family providers. */
    public static final String SERVICES = "META-INF/services/" + SchemaModule.class.getName();

    private FamilyLayout() {
    }

    /** The folder of {@code family}'s files, ending in {@code /}. */
    public static String directory(String family) {
        return ROOT + family + "/";
    }

    /** The resource path of {@code family}'s index. */
    public static String indexPath(String family) {
        return directory(family) + INDEX;
    }

    /** The resource path of the snapshot of {@code family}'s latest version. */
    public static String snapshotPath(String family) {
        return directory(family) + SNAPSHOT;
    }

    /**
     * The resource path of the snapshot of {@code family}'s schema after its migrations 1 to
     * {@code version}, for a version before the latest (whose snapshot is {@link #snapshotPath(String)}).
     * Jars built before per-version snapshots have none.
     */
    public static String snapshotPath(String family, int version) {
        return directory(family) + "snapshots/" + version + ".txt";
    }

    /** The resource path of {@code family}'s script {@code script} (a file name). */
    public static String scriptPath(String family, String script) {
        return directory(family) + script;
    }
}
