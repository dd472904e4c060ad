package io.trebuchet.cli;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings a client command runs with, resolved from its options, the options given before the subcommand, the
 * environment and the defaults, in that order; the token last from what {@code trebuchet login} kept for the server
 * (see {@link Credentials}). Every value is checked here, so that a bad one is a usage error.
 */
record ClientSettings(
        URI url,
        Optional<String> token,
        OutputFormat output,
        int retries,
        Duration timeout,
        Optional<String> authorName,
        Optional<String> authorEmail,
        Optional<String> clientUuid,
        Credentials credentials,
        boolean tokenStored) {
    static final String DEFAULT_URL = "http://localhost:8080";
    static final int DEFAULT_RETRIES = 3;
    static final int MAX_RETRIES = 20;
    static final long DEFAULT_TIMEOUT_SECONDS = 60;
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    ClientSettings {
        requireNonNull(url, "url is null");
        requireNonNull(token, "token is null");
        requireNonNull(output, "output is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(authorName, "authorName is null");
        requireNonNull(authorEmail, "authorEmail is null");
        requireNonNull(clientUuid, "clientUuid is null");
        requireNonNull(credentials, "credentials is null");
    }

    /** The same settings with {@code token}, as given (not kept). */
    ClientSettings withToken(String token) {
        return new ClientSettings(
                url,
                Optional.of(token),
                output,
                retries,
                timeout,
                authorName,
                authorEmail,
                clientUuid,
                credentials,
                false);
    }

    /** The same settings without a token: for what a client may ask before it has signed in. */
    ClientSettings withoutToken() {
        return new ClientSettings(
                url,
                Optional.empty(),
                output,
                retries,
                timeout,
                authorName,
                authorEmail,
                clientUuid,
                credentials,
                false);
    }

    /** {@code options} innermost first: the subcommand's, then the root command's. */
    static ClientSettings resolve(List<ClientOptions> options, Map<String, String> environment) {
        String url = pick(options, option -> option.url, environment, "TREBUCHET_URL")
                .orElse(DEFAULT_URL);
        Optional<String> token = pick(options, option -> option.token, environment, "TREBUCHET_TOKEN");
        String output = pick(options, option -> option.output, environment, "TREBUCHET_OUTPUT")
                .orElse("table");
        int retries = options.stream()
                .map(option -> option.retries)
                .filter(value -> value != null)
                .findFirst()
                .orElseGet(() -> Optional.ofNullable(environment.get("TREBUCHET_RETRIES"))
                        .filter(value -> !value.isBlank())
                        .map(ClientSettings::parseRetries)
                        .orElse(DEFAULT_RETRIES));
        Optional<String> timeout = pick(options, option -> option.timeout, environment, "TREBUCHET_TIMEOUT");
        URI server = url(url);
        Credentials credentials = Credentials.of(environment);
        // Without --token or TREBUCHET_TOKEN, the token `trebuchet login` kept for this server.
        Optional<String> stored =
                token.isPresent() ? Optional.empty() : credentials.find(server).map(Credentials.Entry::token);
        return new ClientSettings(
                server,
                token.or(() -> stored),
                output(output),
                retries(retries),
                timeout.map(ClientSettings::timeout).orElse(Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS)),
                pick(options, option -> option.authorName, environment, "TREBUCHET_AUTHOR_NAME"),
                pick(options, option -> option.authorEmail, environment, "TREBUCHET_AUTHOR_EMAIL"),
                pick(options, option -> option.clientUuid, environment, "TREBUCHET_CLIENT_UUID"),
                credentials,
                stored.isPresent());
    }

    private static Optional<String> pick(
            List<ClientOptions> options,
            Function<ClientOptions, String> field,
            Map<String, String> environment,
            String variable) {
        return options.stream()
                .map(field)
                .filter(value -> value != null)
                .findFirst()
                .or(() -> Optional.ofNullable(environment.get(variable)))
                .filter(value -> !value.isBlank());
    }

    private static URI url(String text) {
        String trimmed = text.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null
                    || uri.getQuery() != null
                    || uri.getFragment() != null) {
                throw CommandFailure.usage(
                        "--url must be an http(s) URL such as %s, got '%s'".formatted(DEFAULT_URL, text));
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CommandFailure.usage("--url is not a valid URL: '%s'".formatted(text));
        }
    }

    private static OutputFormat output(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "table" -> OutputFormat.TABLE;
            case "json" -> OutputFormat.JSON;
            default -> throw CommandFailure.usage("--output must be table or json, got '%s'".formatted(text));
        };
    }

    private static int parseRetries(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw CommandFailure.usage("TREBUCHET_RETRIES must be a number, got '%s'".formatted(text));
        }
    }

    private static int retries(int retries) {
        if (retries < 0 || retries > MAX_RETRIES) {
            throw CommandFailure.usage("--retries must be between 0 and %d, got %d".formatted(MAX_RETRIES, retries));
        }
        return retries;
    }

    /** {@code 30} (seconds), {@code 500ms}, {@code 30s} or {@code 2m}; positive. */
    static Duration timeout(String text) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw CommandFailure.usage(
                    "--timeout must be a positive number of seconds, or a duration such as 500ms, 30s or 2m; got '%s'"
                            .formatted(text));
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
