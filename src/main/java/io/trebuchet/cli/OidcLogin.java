package io.trebuchet.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.trebuchet.core.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Signs a person in at a terminal against the OIDC provider the server trusts, as a public client (no secret): the
 * device authorization flow (RFC 8628) where the provider's discovery document offers it, otherwise the authorization
 * code flow with PKCE and a redirect to a port on 127.0.0.1 that this process listens on for the one answer (RFC 8252).
 * The result is the provider's ID token, which the server accepts as a bearer token.
 */
final class OidcLogin {
    static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http;
    private final Duration requestTimeout;

    OidcLogin(Duration requestTimeout) {
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
        this.http = HttpClient.newBuilder()
                .connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Where the provider signs people in: from its discovery document. */
    record Provider(URI authorization, URI token, Optional<URI> deviceAuthorization) {
        Provider {
            requireNonNull(authorization, "authorization is null");
            requireNonNull(token, "token is null");
            requireNonNull(deviceAuthorization, "deviceAuthorization is null");
        }
    }

    /** What the sign-in gave: the ID token and when it expires, if the provider said. */
    record Tokens(String idToken, Optional<Instant> expiresAt) {
        Tokens {
            requireNonNull(idToken, "idToken is null");
            requireNonNull(expiresAt, "expiresAt is null");
        }
    }

    Provider discover(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        JsonNode document = get(URI.create(base + "/.well-known/openid-configuration"));
        return new Provider(
                uri(document, "authorization_endpoint"),
                uri(document, "token_endpoint"),
                document.path("device_authorization_endpoint").isTextual()
                        ? Optional.of(uri(document, "device_authorization_endpoint"))
                        : Optional.empty());
    }

    /**
     * The device flow: asks for a user code, tells the person where to enter it ({@code instructions}), and polls the
     * token endpoint at the provider's interval until they have signed in, refused, or the code expired.
     */
    Tokens device(Provider provider, String clientId, List<String> scopes, Consumer<String> instructions) {
        URI endpoint = provider.deviceAuthorization()
                .orElseThrow(() -> new IllegalArgumentException("the provider offers no device flow"));
        Map<String, String> ask = new LinkedHashMap<>();
        ask.put("client_id", clientId);
        ask.put("scope", String.join(" ", scopes));
        Answer answer = post(endpoint, ask);
        if (answer.status() != 200 || !answer.body().path("device_code").isTextual()) {
            throw refused("the provider refused the device sign-in", answer);
        }
        JsonNode body = answer.body();
        String userCode = body.path("user_code").asText();
        String verification = body.path("verification_uri")
                .asText(body.path("verification_url").asText());
        instructions.accept("To sign in, open %s and enter the code %s".formatted(verification, userCode));
        if (body.path("verification_uri_complete").isTextual()) {
            instructions.accept(
                    "(or open " + body.path("verification_uri_complete").asText() + ")");
        }
        Duration interval = Duration.ofSeconds(Math.max(1, body.path("interval").asLong(5)));
        Instant deadline =
                Instant.now().plusSeconds(Math.max(1, body.path("expires_in").asLong(600)));
        Map<String, String> poll = new LinkedHashMap<>();
        poll.put("grant_type", DEVICE_CODE_GRANT);
        poll.put("device_code", body.path("device_code").asText());
        poll.put("client_id", clientId);
        while (Instant.now().isBefore(deadline)) {
            pause(interval);
            Answer tokens = post(provider.token(), poll);
            if (tokens.status() == 200) {
                return tokens(tokens);
            }
            switch (tokens.body().path("error").asText("")) {
                case "authorization_pending" -> {}
                case "slow_down" -> interval = interval.plusSeconds(5);
                case "access_denied" ->
                    throw CommandFailure.refused(
                            "SIGN_IN_REFUSED", "the sign-in was refused at the provider", tokens.body());
                case "expired_token" ->
                    throw CommandFailure.refused(
                            "SIGN_IN_EXPIRED",
                            "the code expired before the sign-in; run 'trebuchet login' again",
                            tokens.body());
                default -> throw refused("the provider did not give a token", tokens);
            }
        }
        throw CommandFailure.refused(
                "SIGN_IN_EXPIRED",
                "the code expired before the sign-in; run 'trebuchet login' again",
                Json.mapper().createObjectNode());
    }

    /**
     * The authorization code flow with PKCE and a loopback redirect: listens on 127.0.0.1 at a free port, tells the
     * person the URL to open ({@code instructions}), and waits up to {@code wait} for the provider to send the browser
     * back with a code for this sign-in's state, which it exchanges with the PKCE verifier.
     */
    Tokens loopback(
            Provider provider, String clientId, List<String> scopes, Duration wait, Consumer<String> instructions) {
        String state = random();
        String verifier = random() + random();
        CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw CommandFailure.unreachable("cannot listen on 127.0.0.1 for the sign-in's answer", e);
        }
        server.createContext("/callback", exchange -> answerBrowser(exchange, callback));
        server.start();
        try {
            String redirect =
                    "http://127.0.0.1:%d/callback".formatted(server.getAddress().getPort());
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("response_type", "code");
            parameters.put("client_id", clientId);
            parameters.put("redirect_uri", redirect);
            parameters.put("scope", String.join(" ", scopes));
            parameters.put("state", state);
            parameters.put("nonce", random());
            parameters.put("code_challenge", challenge(verifier));
            parameters.put("code_challenge_method", "S256");
            instructions.accept("To sign in, open this URL in a browser on this machine:");
            instructions.accept(provider.authorization() + "?" + form(parameters));
            Map<String, String> answer;
            try {
                answer = callback.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw CommandFailure.refused(
                        "SIGN_IN_EXPIRED",
                        "no sign-in within %ds; run 'trebuchet login' again".formatted(wait.toSeconds()),
                        Json.mapper().createObjectNode());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CommandFailure.unreachable("interrupted while waiting for the sign-in", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the sign-in's answer failed", e.getCause());
            }
            if (answer.containsKey("error")) {
                throw CommandFailure.refused(
                        "SIGN_IN_REFUSED",
                        "the provider refused the sign-in: " + answer.get("error"),
                        Json.mapper().valueToTree(Map.of("error", answer.get("error"))));
            }
            if (!state.equals(answer.get("state")) || !answer.containsKey("code")) {
                throw CommandFailure.refused(
                        "SIGN_IN_REFUSED",
                        "the browser came back with another sign-in's answer; run 'trebuchet login' again",
                        Json.mapper().createObjectNode());
            }
            Map<String, String> exchange = new LinkedHashMap<>();
            exchange.put("grant_type", "authorization_code");
            exchange.put("code", answer.get("code"));
            exchange.put("redirect_uri", redirect);
            exchange.put("client_id", clientId);
            exchange.put("code_verifier", verifier);
            Answer tokens = post(provider.token(), exchange);
            if (tokens.status() != 200) {
                throw refused("the provider did not give a token for the code", tokens);
            }
            return tokens(tokens);
        } finally {
            // Lets an exchange under way finish for up to a second.
            server.stop(1);
        }
    }

    private static void answerBrowser(HttpExchange exchange, CompletableFuture<Map<String, String>> callback)
            throws IOException {
        Map<String, String> parameters = query(exchange.getRequestURI().getRawQuery());
        boolean first = !callback.isDone();
        String text = first && parameters.containsKey("code")
                ? "Signed in to Trebuchet. You can close this window and return to the terminal."
                : "This sign-in is over. Return to the terminal.";
        byte[] body = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Trebuchet</title></head>"
                        + "<body><p>" + text + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
        // Only once the browser has its answer: the sign-in then goes on, and stops this server.
        callback.complete(parameters);
    }

    private static Tokens tokens(Answer answer) {
        JsonNode body = answer.body();
        if (!body.path("id_token").isTextual()) {
            throw refused("the provider's answer has no ID token (is 'openid' among the scopes?)", answer);
        }
        Optional<Instant> expiresAt = body.path("expires_in").canConvertToLong()
                ? Optional.of(Instant.now().plusSeconds(body.path("expires_in").asLong()))
                : Optional.empty();
        return new Tokens(body.path("id_token").asText(), expiresAt);
    }

    private static CommandFailure refused(String message, Answer answer) {
        String error = answer.body().path("error").asText("");
        String description = answer.body().path("error_description").asText("");
        return CommandFailure.refused(
                "SIGN_IN_FAILED",
                "%s (%d%s%s)"
                        .formatted(
                                message,
                                answer.status(),
                                error.isEmpty() ? "" : " " + error,
                                description.isEmpty() ? "" : ": " + description),
                Json.mapper().valueToTree(Map.of("status", answer.status(), "error", error)));
    }

    private record Answer(int status, JsonNode body) {}

    private JsonNode get(URI uri) {
        Answer answer = send(HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .GET()
                .build());
        if (answer.status() != 200) {
            throw refused("cannot read the identity provider's discovery document " + uri, answer);
        }
        return answer.body();
    }

    private Answer post(URI uri, Map<String, String> parameters) {
        return send(HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters)))
                .build());
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isBlank()
                        ? Json.mapper().createObjectNode()
                        : Json.mapper().readTree(response.body());
            } catch (JsonProcessingException e) {
                body = Json.mapper().createObjectNode();
            }
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw CommandFailure.unreachable(
                    "cannot reach the identity provider at %s (%s)"
                            .formatted(request.uri().getHost(), e.getClass().getSimpleName()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandFailure.unreachable("interrupted while talking to the identity provider", e);
        }
    }

    private static URI uri(JsonNode document, String field) {
        if (!document.path(field).isTextual()) {
            throw CommandFailure.refused(
                    "SIGN_IN_FAILED",
                    "the identity provider's discovery document has no " + field,
                    Json.mapper().createObjectNode());
        }
        return URI.create(document.path(field).asText());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.putIfAbsent(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandFailure.unreachable("interrupted while waiting for the sign-in", e);
        }
    }
}
