// The build fails on the check, listing both violations.
String log = new File(basedir, 'build.log').text
assert log.contains("Family 'orders' 1.1.0 against 1.0.0: 2 problems")
assert log.contains('BACKWARD compatibility is broken:')
assert log.contains('COLUMN_REMOVED: column orders.note (text null) was removed or renamed: code built against the previous version still reads and writes it')
assert log.contains('TYPE_NARROWED: column orders.amount was narrowed from numeric(10,2) to numeric(8,2)')
assert log.contains(':check-compatibility (default) on project schema-orders')
assert log.contains('BUILD FAILURE')
