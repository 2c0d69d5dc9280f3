package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.TextTable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The effective settings of a command, each with its environment variable and where its value came
 * from, and the database they name ({@code migrator config}, {@code --print-config}). Passwords show
 * as {@code ***}.
 *
 * @param command  the command's name
 * @param options  one row per option
 * @param database the database, for commands that connect to one; else null
 */
record Settings(String command, List<Row> options, DatabaseView database) {

    private static final String MASK = "***";

    /** The settings of {@code spec}'s command after parsing, with the database resolved against {@code environment}. */
    static Settings of(CommandSpec spec, Map<String, String> environment) {
        List<Row> rows = spec.options().stream().filter(OptionDefaults::configurable).map(Settings::row).toList();
        DatabaseView database = spec.mixins().values().stream()
                .map(CommandSpec::userObject)
                .filter(ConnectionOptions.class::isInstance)
                .map(ConnectionOptions.class::cast)
                .findFirst()
                .map(connection -> DatabaseView.of(connection.target(environment)))
                .orElse(null);
        return new Settings(spec.name(), rows, database);
    }

    /** Prints the settings as a table, or as JSON with --json. */
    ExitCode print(Console console) {
        console.result(this, this);
        return ExitCode.SUCCESS;
    }

    @Override
    public String toString() {
        TextTable table = new TextTable("OPTION", "ENVIRONMENT", "VALUE", "FROM");
        for (Row row : options) {
            table.row(row.option(), row.variable(), row.value() == null ? "-" : row.value(),
                    row.source() == null ? "not set" : row.source());
        }
        StringBuilder text = new StringBuilder("Settings of 'migrator " + command + "' (config file keys: the option"
                + " without dashes):\n").append(table);
        if (database != null) {
            text.append(database.embedded() ? "Database: an embedded PostgreSQL, started for the command: "
                    + database.urlSource() : "Database: " + database.url() + " (" + database.urlSource() + ")").append('\n');
            if (!database.embedded()) {
                text.append("  user:     ").append(database.user() == null ? "the driver's default (the operating"
                        + " system user)" : database.user() + " (" + database.userSource() + ")").append('\n');
                text.append("  password: ").append(database.password() == null ? "none given; the driver reads"
                        + " PGPASSFILE, else ~/.pgpass, if the server asks for one"
                        : database.password() + " (" + database.passwordSource() + ")").append('\n');
            }
        }
        return text.toString();
    }

    private static Row row(OptionSpec option) {
        Object value = option.getValue();
        String text;
        if (value == null || value instanceof Collection<?> list && list.isEmpty()) {
            text = null;
        } else if (option.interactive() && !option.echo() || option.longestName().equals("--password")) {
            text = MASK;
        } else if (value instanceof Collection<?> list) {
            text = list.stream().map(String::valueOf).collect(Collectors.joining(","));
        } else {
            text = String.valueOf(value);
        }
        String source = OptionDefaults.sourceOf(option).orElse(null);
        if (source == null && value instanceof Boolean flag && !flag) {
            source = "default";
        }
        return new Row(option.longestName(), OptionDefaults.variable(option), text, source);
    }

    /**
     * One option.
     *
     * @param option   its longest name
     * @param variable its environment variable
     * @param value    its value as text ({@code ***} for a password), or null when unset
     * @param source   "command line", "environment MIGRATOR_X", "config file F (key)", "default", or null when unset
     */
    record Row(String option, String variable, String value, String source) {
    }

    /**
     * The database the settings name.
     *
     * @param embedded       whether an embedded PostgreSQL is started instead
     * @param url            the JDBC URL, or null when embedded
     * @param urlSource      where the URL came from, or why the embedded one is used
     * @param user           the user, or null when the URL or the driver decides
     * @param userSource     where the user came from
     * @param password       {@code ***} when a password is given, else null
     * @param passwordSource where the password came from
     */
    record DatabaseView(boolean embedded, String url, String urlSource, String user, String userSource, String password,
            String passwordSource) {

        static DatabaseView of(DatabaseTarget target) {
            Objects.requireNonNull(target, "target");
            return new DatabaseView(target.embedded(), target.url(), target.urlSource(), target.user(),
                    target.userSource(), target.password() == null ? null : MASK, target.passwordSource());
        }
    }
}
