package io.kubernaut.schema.migrator.spi;

import io.kubernaut.schema.migrator.internal.IndexedFamily;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A family described by the index in its own jar: the base class of generated providers. A family's
 * provider is a one-line subclass naming the family; the schema Maven plugin generates it:
 * <pre>
 * public final class AuditEventsSchemaModule extends IndexedSchemaModule {
 *     public AuditEventsSchemaModule() { super("audit_events"); }
 * }
 * </pre>
 * The index, the scripts and the schema snapshot are read from the jar (or class folder) the subclass
 * comes from, laid out as {@link io.kubernaut.schema.migrator.archive.FamilyLayout} says, through the
 * subclass's class loader and never the thread's context class loader, so families loaded in an
 * isolated class loader (or from the module path) find their own files.
 *
 * @since 0.1.0
 */
public abstract class IndexedSchemaModule implements SchemaModule {

    private final IndexedFamily family;

    /**
     * Reads the index of {@code family} from this provider's jar.
     *
     * @param family the family name, as the index names it
     * @throws io.kubernaut.schema.migrator.FamilyFormatException when the index is missing or malformed,
     *                                                            naming where it was expected
     */
    protected IndexedSchemaModule(String family) {
        this.family = new IndexedFamily(getClass(), family);
    }

    @Override
    public final String name() {
        return family.index().family();
    }

    @Override
    public final String artifact() {
        return family.index().artifact();
    }

    @Override
    public final String artifactVersion() {
        return family.index().artifactVersion();
    }

    @Override
    public final Set<String> tables() {
        return family.index().tables();
    }

    @Override
    public final Set<String> requires() {
        return family.index().requires();
    }

    @Override
    public final List<Migration> migrations() {
        return family.index().migrations();
    }

    @Override
    public String readScript(Migration migration) {
        return family.readScript(migration);
    }

    /** The {@code snapshot.txt} next to the index in this family's jar; empty when the jar has none. */
    @Override
    public Optional<String> snapshot() {
        return family.snapshot();
    }

    /** The snapshot of {@code version} in this family's jar; empty when the jar has none (built before per-version snapshots). */
    @Override
    public Optional<String> snapshot(int version) {
        return family.snapshot(version);
    }

    @Override
    public String toString() {
        return name() + " " + artifactVersion();
    }
}
