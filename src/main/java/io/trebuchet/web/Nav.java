package io.trebuchet.web;

/** The sections of the UI, in the order of the navigation bar. */
enum Nav {
    OVERVIEW("/", "Overview"),
    ENVIRONMENTS("/environments", "Environments"),
    LOCKS("/locks", "Locks"),
    HISTORY("/history", "History"),
    TOKENS("/tokens", "API tokens");

    private final String path;
    private final String label;

    Nav(String path, String label) {
        this.path = path;
        this.label = label;
    }

    String path() {
        return path;
    }

    String label() {
        return label;
    }
}
