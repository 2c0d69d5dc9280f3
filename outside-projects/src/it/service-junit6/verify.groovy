// A service on JUnit 6: every test ran and passed (misaligned JUnit jars would run none).
String log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0')
