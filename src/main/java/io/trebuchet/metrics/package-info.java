/**
 * What a running Trebuchet tells Prometheus at {@code GET /metrics}: the one registry every part records into (HTTP
 * requests, the git export, the connection pool, the JVM), and the figures read from the store when scraped (locks,
 * queued versions, release trains, and the DORA four keys per environment, computed from the event log by {@link
 * MetricsStore}), cached for a few seconds so that frequent scrapes cost the store little.
 */
package io.trebuchet.metrics;
