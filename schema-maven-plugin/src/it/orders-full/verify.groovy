// FULL, from the command line over the pom's BACKWARD, refuses what BACKWARD allows: a new column is missing from databases at the previous version.
String log = new File(basedir, 'build.log').text
assert log.contains("-Dschema.compatibility=FULL from the command line overrides the pom's 'BACKWARD'")
assert log.contains("Checking family 'orders' 1.1.0 against io.example:schema-orders:1.0.0 (FULL, upgrade path)")
assert log.contains("Family 'orders' 1.1.0 against 1.0.0: 1 problem")
assert log.contains('FULL compatibility is broken:')
assert log.contains('COLUMN_ADDED: column orders.customer (text null) is new: code built against the new version fails on a database at the previous version, which lacks it')
