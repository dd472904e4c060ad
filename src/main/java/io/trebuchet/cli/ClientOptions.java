package io.trebuchet.cli;

import picocli.CommandLine.Option;

/**
 * The options of every client command. They are accepted after the subcommand ({@code trebuchet status --url U}) and,
 * as Kuberpult's client takes them, before it ({@code trebuchet --url U status}); the innermost wins, then the
 * environment variable, then the default (see {@link ClientSettings}). Fields stay null when not given.
 */
public final class ClientOptions {
    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Trebuchet server (env TREBUCHET_URL, default " + ClientSettings.DEFAULT_URL + ").")
    String url;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "API token, sent as a Bearer header (env TREBUCHET_TOKEN; prefer the variable).")
    String token;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "table|json",
            description = "Output format (env TREBUCHET_OUTPUT, default table).")
    String output;

    @Option(
            names = "--retries",
            paramLabel = "N",
            description =
                    "Retries when the server cannot be reached or answers 5xx; never on 4xx (env TREBUCHET_RETRIES,"
                            + " default "
                            + ClientSettings.DEFAULT_RETRIES + ").")
    Integer retries;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "Timeout of each request: seconds, or 500ms, 30s, 2m (env TREBUCHET_TIMEOUT, default "
                    + ClientSettings.DEFAULT_TIMEOUT_SECONDS + "s).")
    String timeout;

    @Option(
            names = {"--author-name", "--author_name"},
            paramLabel = "NAME",
            description = "Author of the change, recorded in its event and git commit (env TREBUCHET_AUTHOR_NAME).")
    String authorName;

    @Option(
            names = {"--author-email", "--author_email"},
            paramLabel = "EMAIL",
            description = "Author's email (env TREBUCHET_AUTHOR_EMAIL).")
    String authorEmail;

    @Option(
            names = {"--client-uuid", "--client_uuid"},
            paramLabel = "UUID",
            description = "Kuberpult's client id, sent as its client-uuid header, which Trebuchet's server accepts and"
                    + " does not use (env TREBUCHET_CLIENT_UUID).")
    String clientUuid;
}
