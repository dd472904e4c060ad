package io.trebuchet.cli;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One line after a refusal that says, in the command line's own terms, what to do next. Keyed by the error code as
 * text: a newer server may send a code this client does not know, which then gets no hint. Codes whose message already
 * says what to do (an environment still followed by others, a usage mistake) have none; a command may give a more
 * precise hint for its own refusals ({@link ClientCommand#hints}).
 */
final class RefusalHints {
    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry(
                    "ENVIRONMENT_NOT_FOUND",
                    "'trebuchet env list' lists the environments; 'trebuchet apply -f DIR' or 'trebuchet env apply NAME"
                            + " --upstream ENV' creates one."),
            Map.entry(
                    "UNKNOWN_ENVIRONMENT",
                    "'trebuchet env list' lists the environments; 'trebuchet apply -f DIR' or 'trebuchet env apply NAME"
                            + " --upstream ENV' creates one."),
            Map.entry("ENVIRONMENT_GROUP_NOT_FOUND", "'trebuchet env list' shows the group of each environment."),
            Map.entry(
                    "APPLICATION_NOT_FOUND",
                    "'trebuchet status' lists the applications; CI creates one with its first 'trebuchet release',"
                            + " or declare it in a platform directory ('trebuchet apply -f DIR')."),
            Map.entry(
                    "RELEASE_NOT_FOUND",
                    "'trebuchet status --app APP' shows the application's newest version (LATEST)."),
            Map.entry("NOT_DEPLOYED", "'trebuchet status --app APP' shows where the application runs."),
            Map.entry("LOCK_NOT_FOUND", "'trebuchet locks' lists the locks with their ids."),
            Map.entry(
                    "COMMIT_NOT_FOUND",
                    "A commit is known once a release names it (trebuchet release --source_commit_id COMMIT)."),
            Map.entry(
                    "RELEASE_CONFLICT",
                    "Leave out --version to get the next free one, or release under a version not used yet."),
            Map.entry(
                    "DEPLOYMENT_BLOCKED",
                    "'trebuchet locks --environment ENV' lists the locks; --lock-behavior ignore deploys anyway."),
            Map.entry(
                    "ENVIRONMENT_NOT_EMPTY",
                    "'trebuchet status --env ENV' shows what runs there; 'trebuchet undeploy' removes it."),
            Map.entry(
                    "MISSING_PARAMETERS",
                    "Give each missing value with --parameter NAME=VALUE, or set it in the application's values."),
            Map.entry(
                    "POLICY_VIOLATION",
                    "'trebuchet env get ENV' shows the environment's policies; fix the manifest, or set the rule to"
                            + " warn there."),
            Map.entry(
                    "EXPORT_DIVERGED",
                    "'trebuchet export-status' says what diverged and what to do; 'trebuchet rerender --force' keeps"
                            + " the store's state."),
            Map.entry("CONCURRENT_CHANGE", "Someone changed the same thing at the same moment: run the command again."),
            Map.entry(
                    "OVERLOADED",
                    "The server is busy: run the command again, or give it more --retries (they wait as the server"
                            + " asks)."),
            Map.entry("STORE_UNAVAILABLE", "The server cannot reach its database: its log says why."),
            Map.entry(
                    "HOST_NOT_ALLOWED",
                    "Start the server with --allowed-host set to the host name in --url, or use --url"
                            + " http://localhost:PORT on its machine."),
            Map.entry("ROUTE_NOT_FOUND", "Is --url a Trebuchet server, as new as this client ('trebuchet --version')?"),
            Map.entry("PAYLOAD_TOO_LARGE", "The server's --max-request-size limits a request (default 32 MiB)."),
            Map.entry(
                    "UNAUTHENTICATED",
                    "Sign in with 'trebuchet login', or pass an API token with --token or TREBUCHET_TOKEN."),
            Map.entry(
                    "FORBIDDEN",
                    "The server's RBAC policy does not give your roles this action here; 'trebuchet login' shows your"
                            + " roles, an administrator can change the policy."),
            Map.entry(
                    "RATE_LIMITED",
                    "Too many failed sign-ins from this machine: check the token, and try again after a minute."));

    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private RefusalHints() {}

    static Optional<String> hint(String code) {
        return Optional.ofNullable(HINTS.get(code));
    }

    /** What to say when nothing answers at {@code url}: a server to start locally, or the address to check. */
    static String unreachable(URI url) {
        return url.getScheme().equals("http") && LOCAL_HOSTS.contains(url.getHost())
                ? "Is the server running? Start it with './trebuchet serve' (another terminal), or name another with"
                        + " --url or TREBUCHET_URL."
                : "Is the server running and is the URL right? --url and TREBUCHET_URL name the server.";
    }
}
