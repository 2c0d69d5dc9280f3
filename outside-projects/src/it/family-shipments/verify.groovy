// The parent gave the BOM, the dependencies and both goals: the family is built and checked (a first release).
import java.util.zip.ZipFile

String log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains("Compatibility of family 'shipments' not checked: no release of io.example:schema-shipments before 2.0.0")
def jar = new ZipFile(new File(basedir, 'target/schema-shipments-2.0.0.jar'))
assert jar.getEntry('META-INF/schema-registry/shipments/index.properties') != null
assert jar.getEntry('io/example/shipments/Tables.class') != null
