package io.kubernaut.schema.junit;

import java.util.Objects;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A value kept in an {@link ExtensionContext.Store} that is closed when its context ends, on every JUnit
 * this extension supports. JUnit 5.13 and later close stored {@link AutoCloseable}s; 5.10 to 5.12 close
 * only {@code Store.CloseableResource}s (deprecated since 5.13, still present in 6.x). A value that is
 * both is closed once: the newer versions take the {@code AutoCloseable} path and stop there.
 *
 * @param value the stored value
 * @param <T>   its type
 */
@SuppressWarnings("deprecation") // CloseableResource: the only closing contract JUnit 5.10 to 5.12 honour.
record Stored<T>(T value, AutoCloseable closer) implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    Stored {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(closer, "closer");
    }

    /** {@code value}, closed with the store. */
    static <T extends AutoCloseable> Stored<T> closing(T value) {
        return new Stored<>(value, value);
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
