package io.kubernaut.schema.junit.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kubernaut.schema.postgres.PostgresServer;
import java.util.function.Function;

/** Connection pools for a {@link Template} under test, made as the extension makes them (no connection opened ahead). */
final class Pools {

    private Pools() {
    }

    static Function<String, HikariDataSource> on(PostgresServer server) {
        return database -> {
            HikariConfig config = new HikariConfig();
            config.setDataSource(server.dataSource(database));
            config.setPoolName(database);
            config.setMaximumPoolSize(4);
            config.setMinimumIdle(0);
            config.setInitializationFailTimeout(-1);
            return new HikariDataSource(config);
        };
    }
}
