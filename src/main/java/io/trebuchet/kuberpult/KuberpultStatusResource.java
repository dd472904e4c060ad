package io.trebuchet.kuberpult;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.Json;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kuberpult's status reads: {@code POST /environment-groups/{group}/rollout-status} with its JSON body ({@code team},
 * {@code waitDuration}, {@code signature}) and answer ({@code status}, {@code applications}), and {@code GET
 * /api/process-delay} ({@code unprocessed_events}, {@code delay_seconds}). See {@link RolloutStatus} for what a
 * status means here.
 */
public final class KuberpultStatusResource implements HttpResource {
    /** Kuberpult's default {@code KUBERPULT_MAX_WAIT_DURATION}. */
    static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private static final Duration POLL = Duration.ofMillis(100);

    private final RolloutStatusService service;

    public KuberpultStatusResource(RolloutStatusService service) {
        this.service = requireNonNull(service, "service is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/environment-groups/{group}/rollout-status", this::rolloutStatus);
        routes.get(
                "/api/process-delay",
                context -> context.json(service.processDelay().body()));
    }

    private void rolloutStatus(Context context) {
        GroupName group = Requests.group(context);
        JsonNode body = body(context);
        Optional<TeamName> team =
                text(body, "team").filter(name -> !name.isEmpty()).map(TeamName::of);
        Optional<Duration> wait = text(body, "waitDuration")
                .filter(value -> !value.isEmpty())
                .map(value -> {
                    Duration parsed = GoDuration.parse(value, "waitDuration");
                    if (parsed.compareTo(MAX_WAIT) > 0) {
                        throw invalid("waitDuration is too high: %s - maximum is 10m0s".formatted(value));
                    }
                    if (parsed.toSeconds() == 0) {
                        throw invalid("waitDuration is shorter than one second: %s".formatted(value));
                    }
                    return parsed;
                });
        Optional<String> signature = text(body, "signature").filter(value -> !value.isEmpty());
        if (signature.isPresent()) {
            Requests.signatures(context)
                    .check(
                            "the rollout status of " + group.value(),
                            Set.of(group.value()),
                            group.value(),
                            signature,
                            "signature");
        }
        RolloutStatus.Answer answer = service.status(group, team);
        if (wait.isPresent()) {
            long deadline = System.nanoTime() + wait.get().toNanos();
            // Waits for the manifest repository, in wall time: what Argo CD does next is not Trebuchet's to see.
            while (answer.status() == RolloutStatus.Status.PENDING && System.nanoTime() < deadline) {
                pause();
                answer = service.status(group, team);
            }
        }
        context.json(Map.of("status", answer.status(), "applications", answer.applications()));
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the rollout status", e);
        }
    }

    /** As Kuberpult: a JSON body is required; fields it does not know are ignored. */
    private static JsonNode body(Context context) {
        String text = context.body();
        if (text.isBlank()) {
            throw new TrebuchetException(ErrorCode.INVALID_JSON, "invalid json in request: the body is empty");
        }
        try {
            JsonNode node = Json.mapper().readTree(text);
            if (node == null || !node.isObject()) {
                throw new TrebuchetException(ErrorCode.INVALID_JSON, "invalid json in request: send a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw Json.invalid(e, ErrorCode.INVALID_JSON, "rollout status request");
        }
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_JSON, "%s must be a string".formatted(field), Map.of("field", field));
        }
        return Optional.of(value.asText());
    }

    private static TrebuchetException invalid(String message) {
        return new TrebuchetException(ErrorCode.INVALID_REQUEST, message, Map.of("field", "waitDuration"));
    }
}
