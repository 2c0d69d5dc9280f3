package io.kubernaut.schema.resolver.testing;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A repository served over HTTP on the loopback interface (never the network), optionally behind
 * basic authentication, recording the paths requested.
 */
public final class RepositoryServer implements AutoCloseable {

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private RepositoryServer(Path root, String user, String password) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var context = server.createContext("/", exchange -> serve(root, exchange));
        if (user != null) {
            context.setAuthenticator(new BasicAuthenticator("test-repository") {
                @Override
                public boolean checkCredentials(String u, String p) {
                    return user.equals(u) && password.equals(p);
                }
            });
        }
        server.start();
    }

    /** Serves {@code repository} to anyone. */
    public static RepositoryServer serve(TestRepository repository) {
        return new RepositoryServer(repository.root(), null, null);
    }

    /** Serves {@code repository} to {@code user} with {@code password} only (basic authentication). */
    public static RepositoryServer serve(TestRepository repository, String user, String password) {
        return new RepositoryServer(repository.root(), user, password);
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + "/";
    }

    /** The paths requested so far, with their method and status: {@code GET /io/x/... 200}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void serve(Path root, HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Path file = root.resolve(path.substring(1)).normalize();
            int status = file.startsWith(root) && Files.isRegularFile(file) ? 200 : 404;
            requests.add(exchange.getRequestMethod() + " " + path + " " + status);
            if (status == 404) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] content = Files.readAllBytes(file);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : content.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(content);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
