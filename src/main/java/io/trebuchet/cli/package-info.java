/**
 * The {@code trebuchet} command line: {@code serve} runs the server; the client subcommands call its API. Exit codes:
 * 0 success, 1 refused by the server, 2 usage error.
 */
package io.trebuchet.cli;
