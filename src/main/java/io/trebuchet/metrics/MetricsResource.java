package io.trebuchet.metrics;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.trebuchet.api.HttpResource;
import io.trebuchet.store.Database;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code GET /metrics}: every meter in Prometheus's text format, with the store's figures read again when they are
 * older than a few seconds. When authentication is on it asks for a token like any read (see {@code
 * docs/observability.md}).
 */
public final class MetricsResource implements HttpResource {
    /** How old the store's figures may be when scraped. */
    public static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final Metrics metrics;
    private final StoreMetrics storeMetrics;

    public MetricsResource(Metrics metrics, Database database, Clock clock, Clock timer, Duration maxAge) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.storeMetrics = new StoreMetrics(database, metrics.registry(), clock, timer, maxAge);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/metrics", context -> {
            storeMetrics.refresh();
            context.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape());
        });
    }
}
