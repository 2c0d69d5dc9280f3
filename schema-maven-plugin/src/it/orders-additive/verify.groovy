// The additive version passes, and the previous release's own build said it had nothing to check against.
String log = new File(basedir, 'build.log').text
assert log.contains("Checking family 'orders' 1.1.0 against io.example:schema-orders:1.0.0 (BACKWARD, upgrade path)")
assert log.contains("Family 'orders' 1.1.0 against 1.0.0: BACKWARD compatible; upgrading from 1.0.0 gives the schema of a fresh install")
assert log.contains('BUILD SUCCESS')

String first = new File(basedir, '../orders-1.0.0/build.log').text
assert first.contains("Compatibility of family 'orders' not checked: no release of io.example:schema-orders before 1.0.0")
assert first.contains('(a first release). Set <previousVersion> to check against a given version.')
