package io.trebuchet.cli;

import io.trebuchet.auth.AuthSettings;
import io.trebuchet.auth.OidcSettings;
import io.trebuchet.auth.PgpKeyring;
import io.trebuchet.auth.RbacPolicy;
import io.trebuchet.auth.Signatures;
import io.trebuchet.auth.TeamPermissions;
import io.trebuchet.schedule.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code serve}'s authentication and signature options. Secrets (the OIDC client secret, the bootstrap token) come
 * only from the environment, never from flags that {@code ps} shows.
 */
final class AuthOptions {
    @Option(
            names = "--auth-mode",
            paramLabel = "none|token|oidc",
            defaultValue = "${env:TREBUCHET_AUTH_MODE:-none}",
            description = "none, token (API tokens) or oidc (API tokens, OIDC bearer tokens and web sign-in) (env"
                    + " TREBUCHET_AUTH_MODE, default ${DEFAULT-VALUE}). Without authentication the server refuses to"
                    + " listen beyond loopback unless --insecure-no-auth.")
    String mode;

    @Option(
            names = "--insecure-no-auth",
            defaultValue = "${env:TREBUCHET_INSECURE_NO_AUTH:-false}",
            description = "Listen beyond loopback without any authentication: anyone who reaches the server can deploy"
                    + " (env TREBUCHET_INSECURE_NO_AUTH). Logged loudly.")
    boolean insecureNoAuth;

    @Option(
            names = "--rbac-policy",
            paramLabel = "FILE",
            defaultValue = "${env:TREBUCHET_AUTH_RBAC_POLICY}",
            description =
                    "RBAC policy in Kuberpult's format, e.g. 'p, role:developer, CreateLock, production:prod-de, *,"
                            + " allow' and 'g, <group>, role:developer' (env TREBUCHET_AUTH_RBAC_POLICY). Keep it in git.")
    Path policy;

    @Option(
            names = "--rbac-teams",
            paramLabel = "FILE",
            defaultValue = "${env:TREBUCHET_AUTH_RBAC_TEAMS}",
            description = "Kuberpult's team permissions: '<team>,<email> <email>' per line; '*' is every team (env"
                    + " TREBUCHET_AUTH_RBAC_TEAMS).")
    Path teams;

    @Option(
            names = "--oidc-issuer",
            paramLabel = "URL",
            defaultValue = "${env:TREBUCHET_AUTH_OIDC_ISSUER_URL}",
            description =
                    "OIDC issuer (discovery at URL/.well-known/openid-configuration) (env"
                            + " TREBUCHET_AUTH_OIDC_ISSUER_URL). The client secret comes from TREBUCHET_AUTH_OIDC_CLIENT_SECRET.")
    String issuer;

    @Option(
            names = "--oidc-client-id",
            paramLabel = "CLIENT_ID",
            defaultValue = "${env:TREBUCHET_AUTH_OIDC_CLIENT_ID}",
            description = "OIDC client of the web UI (env TREBUCHET_AUTH_OIDC_CLIENT_ID).")
    String clientId;

    @Option(
            names = "--oidc-audience",
            paramLabel = "AUDIENCE",
            split = ",",
            defaultValue = "${env:TREBUCHET_AUTH_OIDC_AUDIENCES}",
            description = "Audience a bearer JWT must carry; repeatable (env TREBUCHET_AUTH_OIDC_AUDIENCES,"
                    + " comma-separated); default: the web client id and the CLI's client id.")
    List<String> audiences;

    @Option(
            names = "--oidc-groups-claim",
            paramLabel = "CLAIM",
            defaultValue = "${env:TREBUCHET_AUTH_OIDC_GROUPS_CLAIM:-groups}",
            description = "Claim that lists a person's groups, mapped to roles by the policy's g lines (env"
                    + " TREBUCHET_AUTH_OIDC_GROUPS_CLAIM, default ${DEFAULT-VALUE}).")
    String groupsClaim;

    @Option(
            names = "--oidc-scopes",
            paramLabel = "SCOPE",
            split = ",",
            defaultValue = "${env:TREBUCHET_AUTH_OIDC_SCOPES}",
            description = "Scopes asked for at sign-in (env TREBUCHET_AUTH_OIDC_SCOPES; default openid, profile,"
                    + " email, groups).")
    List<String> scopes;

    @Option(
            names = "--oidc-cli-client-id",
            paramLabel = "CLIENT_ID",
            defaultValue = "${env:TREBUCHET_AUTH_OIDC_CLI_CLIENT_ID}",
            description = "OIDC client 'trebuchet login' uses (a public client with the device flow) (env"
                    + " TREBUCHET_AUTH_OIDC_CLI_CLIENT_ID); default: --oidc-client-id.")
    String cliClientId;

    @Option(
            names = "--auth-max-failures",
            paramLabel = "COUNT",
            defaultValue = "${env:TREBUCHET_AUTH_MAX_FAILURES:-" + AuthSettings.DEFAULT_MAX_FAILURES + "}",
            description = "Failed sign-ins a client may make per minute before it gets 429 RATE_LIMITED (env"
                    + " TREBUCHET_AUTH_MAX_FAILURES, default ${DEFAULT-VALUE}).")
    int maxFailures;

    @Option(
            names = "--session-lifetime",
            paramLabel = "DURATION",
            defaultValue = "${env:TREBUCHET_AUTH_SESSION_LIFETIME:-12h}",
            description =
                    "How long a web sign-in lasts (env TREBUCHET_AUTH_SESSION_LIFETIME, default ${DEFAULT-VALUE}).")
    String sessionLifetime;

    @Option(
            names = "--pgp-keyring",
            paramLabel = "FILE",
            defaultValue = "${env:TREBUCHET_PGP_KEYRING}",
            description = "Public keys (gpg --armor --export) whose signatures of releases, locks and environment"
                    + " deletions are accepted, as Kuberpult's KUBERPULT_PGP_KEY_RING_PATH (env TREBUCHET_PGP_KEYRING)."
                    + " A signature that is sent is then always checked.")
    Path keyring;

    @Option(
            names = "--require-signatures",
            split = ",",
            paramLabel = "NAME",
            defaultValue = "${env:TREBUCHET_REQUIRE_SIGNATURES}",
            description = "Environments (or groups, for group locks) whose releases, locks and deletion must be signed;"
                    + " '*' for all, as Kuberpult with a keyring (env TREBUCHET_REQUIRE_SIGNATURES, comma-separated).")
    List<String> requireSignatures;

    /** The settings, or an {@link IllegalArgumentException} that says what is wrong with the options. */
    AuthSettings settings(Map<String, String> environment) {
        AuthSettings.Mode authMode;
        try {
            authMode = AuthSettings.Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--auth-mode is none, token or oidc, got '" + mode + "'", e);
        }
        Optional<OidcSettings> oidc = Optional.empty();
        if (!blank(issuer) || authMode == AuthSettings.Mode.OIDC) {
            if (blank(issuer) || blank(clientId)) {
                throw new IllegalArgumentException("--auth-mode oidc needs --oidc-issuer and --oidc-client-id");
            }
            oidc = Optional.of(new OidcSettings(
                    URI.create(issuer.strip()),
                    clientId.strip(),
                    Optional.ofNullable(environment.get("TREBUCHET_AUTH_OIDC_CLIENT_SECRET"))
                            .filter(secret -> !secret.isBlank()),
                    nonBlank(audiences),
                    blank(groupsClaim) ? OidcSettings.DEFAULT_GROUPS_CLAIM : groupsClaim.strip(),
                    nonBlank(scopes),
                    blank(cliClientId) ? "" : cliClientId.strip()));
        }
        Set<String> required = new LinkedHashSet<>(nonBlank(requireSignatures));
        Signatures signatures = new Signatures(Optional.ofNullable(keyring).map(PgpKeyring::load), required);
        AuthSettings settings = new AuthSettings(
                authMode,
                policy == null ? RbacPolicy.EMPTY : RbacPolicy.parse(read(policy, "--rbac-policy")),
                Optional.ofNullable(teams).map(file -> TeamPermissions.parse(read(file, "--rbac-teams"))),
                oidc,
                Optional.empty(),
                maxFailures,
                AuthSettings.DEFAULT_FAILURE_WINDOW,
                Durations.parse(sessionLifetime, "--session-lifetime"),
                signatures,
                insecureNoAuth);
        String bootstrap = environment.get("TREBUCHET_AUTH_BOOTSTRAP_TOKEN");
        if (bootstrap != null && !bootstrap.isBlank()) {
            settings = settings.withBootstrapToken(bootstrap.strip());
        }
        return settings;
    }

    private static String read(Path file, String option) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + option + " " + file, e);
        }
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null
                ? List.of()
                : values.stream()
                        .map(String::strip)
                        .filter(value -> !value.isEmpty())
                        .toList();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
