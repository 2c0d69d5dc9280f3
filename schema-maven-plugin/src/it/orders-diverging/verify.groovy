// The upgrade path from 1.0.0 diverges from a fresh install of 1.1.0.
String log = new File(basedir, 'build.log').text
assert log.contains("Family 'orders' 1.1.0 against 1.0.0: 2 problems")
assert log.contains('BACKWARD compatible')
assert log.contains('Upgrading from 1.0.0 does not give the schema of a fresh install of 1.1.0 (expected: what a fresh install has; found: what an upgraded database has):')
assert log.contains("V1 (V1__create_orders.sql) was changed after 'orders' 1.0.0 was released")
assert log.contains('a database at 1.0.0 refuses the upgrade; put the change in a new migration')
assert log.contains('missing column orders.status (expected: text null)')
assert log.contains('BUILD FAILURE')
