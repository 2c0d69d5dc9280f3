// The Spring Boot service started with the families applied, and the migrator logged through Boot's logging (Logback).
String log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert log =~ /INFO \d+ --- \[.*\] .*io\.kubernaut\.schema\.migrator\s*: Applied orders V1/
assert !log.contains('The POM for')
