// -Dschema.lint.fix rewrote the goose files in place (DO blocks inside StatementBegin/End), and the family built from them.
String log = new File(basedir, 'build.log').text
assert log.contains("001_accounts.sql:2: CREATE TABLE without IF NOT EXISTS: added IF NOT EXISTS")
assert log.contains("lint --fix: 5 statements rewritten in 2 files")
assert log.contains("Family 'ledger': 2 migrations (goose), tables [accounts, entries]")
assert log.contains('BUILD SUCCESS')

String accounts = new File(basedir, 'migrations/001_accounts.sql').text
assert accounts.contains('CREATE TABLE IF NOT EXISTS accounts')
assert accounts.contains("-- +goose StatementBegin\nDO \$\$\n")
assert accounts.endsWith("-- +goose Down\nDROP TABLE accounts;\n")

String shipped = new File(basedir, 'target/classes/META-INF/schema-registry/ledger/001_accounts.sql').text
assert !shipped.contains('DROP TABLE')
assert new File(basedir, 'target/classes/META-INF/schema-registry/ledger/snapshots/1.txt').text.contains('table\taccounts\ttable')
