package io.trebuchet.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Names, ids and messages shown to people refuse invisible and bidirectional control characters through every door of
 * the API, with a 400 that names the field and the character, and nothing changes.
 */
@ExtendWith(TestingDatabases.class)
class HiddenCharactersIT {
    // One server for the class: every refusal changes nothing, which each test checks.
    private static TestingServer server;
    private static TestingHttp http;

    @BeforeAll
    static void start(TestingDatabases databases) {
        server = TestingServer.start(Backend.POSTGRESQL, databases);
        http = server.http();
        new TestingPlatform(http).threeStages().release("cart", "dev", "staging");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What is sent, given the hidden character; the code and field expected. */
    static Stream<Arguments> doors() {
        return Stream.<Arguments>of(
                door(
                        "lock message",
                        (TestingHttp http, String c) ->
                                http.putJson("/api/v1/locks/environment/dev/qa", lock("QA " + c + "tests")),
                        "INVALID_LOCK",
                        "message"),
                door(
                        "lock message from a Kuberpult form",
                        (TestingHttp http, String c) -> http.putMultipart(
                                "/environments/dev/locks/qa", Multipart.form().field("message", "QA" + c)),
                        "INVALID_LOCK",
                        "message"),
                door(
                        "lock id",
                        (TestingHttp http, String c) ->
                                http.putJson("/api/v1/locks/environment/dev/" + encoded("qa" + c + "x"), lock("m")),
                        "INVALID_LOCK",
                        "lock id"),
                door(
                        "lock CI link",
                        (TestingHttp http, String c) -> http.putJson(
                                "/api/v1/locks/environment/dev/qa",
                                Json.write(Map.of("message", "m", "ciLink", "https://ci.example.com/" + c))),
                        "INVALID_LOCK",
                        "ciLink"),
                door(
                        "deploy-and-lock message",
                        (TestingHttp http, String c) -> http.postJson(
                                "/api/v1/environments/staging/applications/cart/deploy",
                                Json.write(Map.of("version", 1, "lock", Map.of("message", "hold" + c)))),
                        "INVALID_LOCK",
                        "message"),
                door(
                        "release source_message",
                        release("source_message", "Fix " + "%s"),
                        "INVALID_REQUEST",
                        "source_message"),
                door(
                        "release source_author",
                        release("source_author", "Jane%s Doe"),
                        "INVALID_REQUEST",
                        "source_author"),
                door(
                        "release display_version",
                        release("display_version", "v1%s"),
                        "INVALID_REQUEST",
                        "display_version"),
                door("release ci_link", release("ci_link", "https://ci.example.com/%s"), "INVALID_REQUEST", "ci_link"),
                door("release team", release("team", "pay%sments"), "INVALID_TEAM_NAME", "team name"),
                door(
                        "application name",
                        (TestingHttp http, String c) -> http.postMultipart(
                                "/release",
                                Multipart.form()
                                        .field("application", "cart" + c)
                                        .file("manifests[dev]", "dev.yaml", TestingPlatform.manifest("cart", "dev"))),
                        "INVALID_APPLICATION_NAME",
                        "application name"),
                door(
                        "environment name",
                        (TestingHttp http, String c) -> http.putJson(
                                "/api/v1/environments/" + encoded("qa" + c), "{\"upstream\":{\"latest\":true}}"),
                        "INVALID_ENVIRONMENT_NAME",
                        "environment name"),
                door(
                        "stack description",
                        (TestingHttp http, String c) ->
                                http.putJson("/api/v1/stacks/shop", Json.write(Map.of("description", "shop" + c))),
                        "INVALID_REQUEST",
                        "description"),
                door(
                        "actor name",
                        (TestingHttp http, String c) -> http.putJsonWithHeaders(
                                "/api/v1/locks/environment/dev/qa",
                                lock("m"),
                                TestingHttp.author("Jane" + c + " Doe", "jane@example.com")),
                        "INVALID_REQUEST",
                        "author name"));
    }

    static Stream<Arguments> hiddenCharactersAtEveryDoor() {
        return doors().flatMap(door -> Stream.of("202E", "2066", "200B", "200D", "FEFF", "00AD", "0007")
                .map(hex -> Arguments.of(door.get()[0], door.get()[1], hex, door.get()[2], door.get()[3])));
    }

    @ParameterizedTest(name = "{0} with U+{2}")
    @MethodSource("hiddenCharactersAtEveryDoor")
    void hiddenCharactersAreRefusedNamingFieldAndCharacter(
            String door, Sender send, String hex, String code, String field) {
        String character = Character.toString(Integer.parseInt(hex, 16));
        long events = lastEventId();

        Response response = send.send(http, character);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.code()).as(response.toString()).isEqualTo(code);
        assertThat(response.json().path("message").asText())
                .as(response.toString())
                .contains(field + " contains U+" + hex + " " + Character.getName(character.codePointAt(0)))
                .doesNotContain(character);
        assertThat(response.json().path("details").path("codePoint").asText()).isEqualTo("U+" + hex);
        assertThat(lastEventId()).isEqualTo(events);
    }

    @Test
    void visibleTextOfEveryScriptLineBreaksInMessagesAndEmojiAreKept() {
        String message = "Ελληνικά, עברית, العربية, 日本語 🚀\nsecond line\twith a tab";

        Response lock = http.putJson("/api/v1/locks/environment/prod-fr/visible", lock(message));

        assertThat(lock.status()).as(lock.toString()).isEqualTo(201);
        JsonNode stored = http.get("/api/v1/locks?environment=prod-fr")
                .json()
                .path("locks")
                .get(0);
        assertThat(stored.path("message").asText()).isEqualTo(message);
    }

    @FunctionalInterface
    interface Sender {
        Response send(TestingHttp http, String character);
    }

    private static Arguments door(String name, Sender sender, String code, String field) {
        return Arguments.of(name, sender, code, field);
    }

    private static Sender release(String field, String pattern) {
        Function<String, Multipart> form = c -> Multipart.form()
                .field("application", "cart")
                .field(field, pattern.formatted(c))
                .file("manifests[dev]", "dev.yaml", TestingPlatform.manifest("cart", "dev") + "# 2\n");
        return (http, c) -> http.postMultipart("/release", form.apply(c));
    }

    private static String lock(String message) {
        return Json.write(Map.of("message", message));
    }

    private static String encoded(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static long lastEventId() {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }
}
