/**
 * migrator-resolver: loads table families by Maven coordinates through Maven Resolver, for tools not
 * built with Maven. Exports {@code io.kubernaut.schema.resolver}; its {@code internal} package is not
 * exported.
 *
 * @since 0.1.0
 */
module io.kubernaut.schema.resolver {
    requires transitive io.kubernaut.schema.migrator;
    requires org.apache.maven.resolver;
    requires org.apache.maven.resolver.spi;
    requires org.apache.maven.resolver.supplier;
    requires org.apache.maven.resolver.util;
    requires org.apache.maven.v3.settings;
    requires org.apache.maven.v3.settings.builder;
    requires org.slf4j;
    requires plexus.cipher;
    requires plexus.sec.dispatcher;

    exports io.kubernaut.schema.resolver;
}
