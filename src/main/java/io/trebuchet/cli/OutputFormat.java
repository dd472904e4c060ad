package io.trebuchet.cli;

/** How a client command prints its answer: aligned columns and sentences for people, the API's JSON for scripts. */
enum OutputFormat {
    TABLE,
    JSON
}
