package io.kubernaut.schema.junit;

/**
 * How long a test database lives.
 *
 * @since 0.1.0
 */
public enum Isolation {
    /** One database for all tests of a class; tests of one class share data. */
    PER_CLASS,
    /** A fresh database for every test method. */
    PER_METHOD
}
