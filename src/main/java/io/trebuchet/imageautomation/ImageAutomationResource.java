package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.Accepts;
import io.trebuchet.api.BodyType;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Image sources: declare, list, read, delete, scan now; and the endpoint a registry's notifications (distribution's
 * {@code notifications.endpoints}) post to, which scans the sources of each pushed repository at once, and what
 * else watches registry repositories (chart subscriptions), so that one notification endpoint serves a registry.
 */
public final class ImageAutomationResource implements HttpResource {
    private final ImageAutomationService service;
    private final PushWatcher charts;

    /**
     * Another watcher of registry repositories, told of the same pushes; it answers what it scanned. A callback rather
     * than a dependency: chart subscriptions build on image automation's semver ranges and budgets, not the reverse.
     */
    @FunctionalInterface
    public interface PushWatcher {
        List<Map<String, Object>> pushed(List<PushedImage> pushed);
    }

    public ImageAutomationResource(ImageAutomationService service, PushWatcher charts) {
        this.service = requireNonNull(service, "service is null");
        this.charts = requireNonNull(charts, "charts is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(
                "/api/v1/image-sources",
                context -> context.json(Map.of(
                        "imageSources",
                        service.list().stream()
                                .map(ImageAutomationService.SourceView::toMap)
                                .toList())));
        routes.get(
                "/api/v1/applications/{app}/image-sources/{source}",
                context -> context.json(service.get(Requests.application(context), source(context))
                        .toMap()));
        routes.put("/api/v1/applications/{app}/image-sources/{source}", this::put);
        routes.delete(
                "/api/v1/applications/{app}/image-sources/{source}",
                context -> context.json(Map.of(
                        "deleted",
                        service.delete(Requests.application(context), source(context))
                                .toMap())));
        routes.post(
                "/api/v1/applications/{app}/image-sources/{source}/scan",
                context -> context.json(service.scan(Requests.application(context), source(context))
                        .toMap()));
        Accepts.of(BodyType.JSON, BodyType.REGISTRY_EVENTS)
                .post(routes, "/api/v1/image-sources/notifications", this::notifications);
    }

    private void put(Context context) {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = Requests.body(context, Map.class, "image source");
        context.json(service.put(Requests.application(context), source(context), body)
                .toMap());
    }

    /** distribution's notification envelope: {@code events[]} with {@code action}, {@code target}, {@code request}. */
    private void notifications(Context context) {
        JsonNode envelope = Requests.body(context, JsonNode.class, "registry notification");
        JsonNode events = envelope.path("events");
        if (!events.isArray()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "a registry notification has a list of events",
                    Map.of("field", "events"));
        }
        List<PushedImage> pushed = new ArrayList<>();
        for (JsonNode event : events) {
            String repository = event.path("target").path("repository").asText("");
            if (event.path("action").asText("").equals("push") && !repository.isEmpty()) {
                String host = event.path("request").path("host").asText("");
                pushed.add(new PushedImage(host.isEmpty() ? Optional.empty() : Optional.of(host), repository));
            }
        }
        context.json(Map.of(
                "scanned",
                pushed.isEmpty()
                        ? List.of()
                        : service.pushed(pushed).stream()
                                .map(ImageAutomationService.SourceView::toMap)
                                .toList(),
                "scannedCharts",
                pushed.isEmpty() ? List.of() : charts.pushed(pushed)));
    }

    private static String source(Context context) {
        String name = context.pathParam("source");
        ImageSource.checkName(name);
        return name;
    }
}
