package io.trebuchet.testing;

/** The two stores every store and integration test runs against. */
public enum Backend {
    /** The embedded store as {@code trebuchet serve} runs it: a PostgreSQL server of the test's own, in its data dir. */
    EMBEDDED,
    /** A database of its own on the run's shared PostgreSQL server. */
    POSTGRESQL
}
