// The family built offline against the installed artifacts: its jar holds the index, the snapshot, the provider and jOOQ classes.
import java.util.zip.ZipFile

String log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert !log.contains('The POM for') : 'a dependency without its pom (an unmanaged version the local repository lacks)'
def jar = new ZipFile(new File(basedir, 'target/schema-orders-1.0.0.jar'))
['META-INF/schema-registry/orders/index.properties', 'META-INF/schema-registry/orders/snapshot.txt',
 'META-INF/services/io.kubernaut.schema.migrator.spi.SchemaModule', 'io/example/orders/Tables.class'].each {
    assert jar.getEntry(it) != null : "missing $it"
}
assert jar.getInputStream(jar.getEntry('META-INF/schema-registry/orders/index.properties')).text.contains('audit_events')
assert log.contains("Compatibility of family 'orders' not checked: no release of io.example:schema-orders before 1.0.0")
