package io.kubernaut.schema.maven.internal;

import io.kubernaut.schema.migrator.spi.FamilyIndex;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The family being built, as a {@link SchemaModule} over its source scripts, so migrator-core can
 * apply it before its provider class exists.
 */
final class SourceSchemaModule implements SchemaModule {

    private final FamilyIndex index;
    private final Map<String, ScriptFile> scripts;
    private final String location;

    SourceSchemaModule(FamilyIndex index, List<ScriptFile> scripts, String location) {
        this.index = index;
        this.scripts = scripts.stream().collect(Collectors.toMap(ScriptFile::name, Function.identity()));
        this.location = location;
    }

    @Override
    public String name() {
        return index.family();
    }

    @Override
    public String artifact() {
        return index.artifact();
    }

    @Override
    public String artifactVersion() {
        return index.artifactVersion();
    }

    @Override
    public Set<String> tables() {
        return index.tables();
    }

    @Override
    public Set<String> requires() {
        return index.requires();
    }

    @Override
    public List<Migration> migrations() {
        return index.migrations();
    }

    @Override
    public String readScript(Migration migration) {
        return scripts.get(migration.script()).text();
    }

    @Override
    public String location() {
        return location;
    }
}
