package io.trebuchet.testing;

/** The two stores every store and integration test runs against. */
public enum Backend {
    H2,
    POSTGRESQL
}
