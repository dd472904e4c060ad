package io.trebuchet.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The server's meter registry, in Prometheus's format, with the JVM's and the process's figures bound. One per server:
 * two servers in one JVM (tests, the bench) keep their figures apart.
 */
public final class Metrics implements AutoCloseable {
    /** Prometheus's text format, which every Prometheus (and {@code promtool check metrics}) reads. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics garbageCollection;

    private Metrics(PrometheusMeterRegistry registry, JvmGcMetrics garbageCollection) {
        this.registry = registry;
        this.garbageCollection = garbageCollection;
    }

    public static Metrics create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Two of the processor's figures break Prometheus's naming rules (promtool check metrics): the CPU time is
        // counted in nanoseconds (process_cpu_usage says the same as a ratio), and a gauge may not end in _count.
        registry.config()
                .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
                    }
                });
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics garbageCollection = new JvmGcMetrics();
        garbageCollection.bindTo(registry);
        return new Metrics(registry, garbageCollection);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in Prometheus's text format. */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        garbageCollection.close();
        registry.close();
    }
}
