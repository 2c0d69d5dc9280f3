package io.kubernaut.schema.cli;

import io.kubernaut.schema.postgres.EmbeddedServer;
import java.util.Map;
import org.postgresql.Driver;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Which database: {@code --url}, {@code --user}, {@code --password}; none means an embedded one. */
final class ConnectionOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--url", paramLabel = "JDBC_URL", description = "The database, jdbc:postgresql://host:port/database."
            + " Without it, an embedded PostgreSQL is started for the command and deleted after it.")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "The user (default: the URL's, else the driver's).")
    String user;

    // Never given a default value: picocli would show it in --help. PGPASSWORD is read in open().
    @Option(names = "--password", paramLabel = "PASSWORD", arity = "0..1", interactive = true,
            description = "The password (default: the environment variable PGPASSWORD). Without a value it is asked"
                    + " for on the terminal. Never printed.")
    String password;

    /**
     * Opens the database: the one at {@code --url}, or an embedded PostgreSQL (saying so on stderr).
     *
     * @throws ParameterException when the URL is not a PostgreSQL JDBC URL
     */
    Database open(Console console, Map<String, String> environment) {
        String secret = password != null ? password : environment.get("PGPASSWORD");
        console.secret(secret);
        if (url == null) {
            EmbeddedServer server = EmbeddedServer.start();
            console.note("no --url: using an embedded PostgreSQL at " + server.jdbcUrl("postgres")
                    + " (temporary: stopped and deleted when the command ends; 'migrator up' keeps one running)");
            return Database.embedded(server);
        }
        console.secretsIn(url);
        if (!url.startsWith("jdbc:postgresql:") || Driver.parseURL(url, null) == null) {
            throw new ParameterException(mixee.commandLine(), "--url '" + console.scrub(url)
                    + "' is not a PostgreSQL JDBC URL; expected jdbc:postgresql://host:port/database");
        }
        return Database.external(url, user, secret);
    }
}
