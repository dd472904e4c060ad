package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import java.util.Map;

/** Chart subscriptions: declare, list, read, delete, scan now. */
public final class ChartSubscriptionResource implements HttpResource {
    private final ChartSubscriptionService service;

    public ChartSubscriptionResource(ChartSubscriptionService service) {
        this.service = requireNonNull(service, "service is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(
                "/api/v1/chart-subscriptions",
                context -> context.json(Map.of(
                        "chartSubscriptions",
                        service.list().stream()
                                .map(ChartSubscriptionService.SubscriptionView::toMap)
                                .toList())));
        routes.get(
                "/api/v1/applications/{app}/chart-subscriptions/{subscription}",
                context -> context.json(service.get(Requests.application(context), subscription(context))
                        .toMap()));
        routes.put("/api/v1/applications/{app}/chart-subscriptions/{subscription}", this::put);
        routes.delete(
                "/api/v1/applications/{app}/chart-subscriptions/{subscription}",
                context -> context.json(Map.of(
                        "deleted",
                        service.delete(Requests.application(context), subscription(context))
                                .toMap())));
        routes.post(
                "/api/v1/applications/{app}/chart-subscriptions/{subscription}/scan",
                context -> context.json(service.scan(Requests.application(context), subscription(context))
                        .toMap()));
    }

    private void put(Context context) {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = Requests.body(context, Map.class, "chart subscription");
        context.json(service.put(Requests.application(context), subscription(context), body)
                .toMap());
    }

    private static String subscription(Context context) {
        String name = context.pathParam("subscription");
        ChartSubscription.checkName(name);
        return name;
    }
}
