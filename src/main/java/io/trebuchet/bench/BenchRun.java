package io.trebuchet.bench;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.FormatMethod;
import io.trebuchet.store.StoreSettings;
import io.trebuchet.store.StoreSettings.Backend;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the scenarios of one run share: sizes, a work directory for stores (removed at the end), the PostgreSQL cluster
 * (started on first use), server logs under the output directory, and the overview's fleets that growth builds on.
 */
final class BenchRun implements AutoCloseable {
    private final BenchSizes sizes;
    private final Path work;
    private final Path logs;
    private final List<String> serverJavaOptions;
    private final Optional<Path> postgresBinaries;
    private final PrintWriter progress;
    private final AtomicInteger serial = new AtomicInteger();
    private final long startNanos = System.nanoTime();
    private final Map<Backend, OverviewBench.BuiltFleet> fleets = new EnumMap<>(Backend.class);
    private final List<BenchStore> stores = new ArrayList<>();
    private Optional<BenchPostgres> postgres = Optional.empty();
    private BenchJvm jvm = BenchJvm.DEFAULT;

    BenchRun(
            BenchSizes sizes,
            Path output,
            List<String> serverJavaOptions,
            Optional<Path> postgresBinaries,
            PrintWriter progress) {
        this.sizes = requireNonNull(sizes, "sizes is null");
        this.serverJavaOptions = List.copyOf(serverJavaOptions);
        this.postgresBinaries = requireNonNull(postgresBinaries, "postgresBinaries is null");
        this.progress = requireNonNull(progress, "progress is null");
        try {
            this.logs = Files.createDirectories(output.resolve("logs"));
            this.work = Files.createTempDirectory("trebuchet-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the bench's directories under %s (--output): %s".formatted(output, e.getMessage()),
                    e);
        }
    }

    BenchSizes sizes() {
        return sizes;
    }

    /** A fresh, empty store for {@code purpose}. */
    BenchStore newStore(Backend backend, String purpose) {
        String name = "%s-%s-%d".formatted(purpose, label(backend), serial.incrementAndGet());
        Path dataDirectory = work.resolve(name);
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDirectory, e);
        }
        StoreSettings settings = switch (backend) {
            case EMBEDDED -> StoreSettings.embedded(dataDirectory);
            case POSTGRESQL -> postgres().newDatabase(purpose);
        };
        BenchStore store = new BenchStore(name, dataDirectory, settings);
        stores.add(store);
        return store;
    }

    /** The servers started from now on run with {@code profile}'s JVM settings. */
    void useJvm(BenchJvm profile) {
        jvm = requireNonNull(profile, "profile is null");
    }

    ServerProcess startServer(BenchStore store, ServerProcess.Export export) {
        return startServer(store, export, List.of());
    }

    /** A server on {@code store} with {@code arguments} added to {@code serve}'s. */
    ServerProcess startServer(BenchStore store, ServerProcess.Export export, List<String> arguments) {
        Path log = logs.resolve(store.name() + "-" + jvm.label() + ".log");
        return ServerProcess.start(store, export, jvm.options(serverJavaOptions), arguments, log);
    }

    BenchPostgres postgres() {
        if (postgres.isEmpty()) {
            progress("starting PostgreSQL");
            postgres = Optional.of(BenchPostgres.start(postgresBinaries, logs.resolve("postgres-tools.log")));
            progress("%s on port %d", postgres.get().version(), postgres.get().port());
        }
        return postgres.get();
    }

    Optional<String> postgresVersion() {
        return postgres.map(BenchPostgres::version);
    }

    Path work() {
        return work;
    }

    Path logs() {
        return logs;
    }

    Optional<OverviewBench.BuiltFleet> fleet(Backend backend) {
        return Optional.ofNullable(fleets.get(backend));
    }

    void keepFleet(Backend backend, OverviewBench.BuiltFleet fleet) {
        fleets.put(backend, fleet);
    }

    @FormatMethod
    void progress(String format, Object... arguments) {
        progress.printf("bench %4.0fs: %s%n", (System.nanoTime() - startNanos) / 1e9, format.formatted(arguments));
        progress.flush();
    }

    static String label(Backend backend) {
        return backend.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        try {
            stores.forEach(BenchStore::close);
            postgres.ifPresent(BenchPostgres::close);
        } finally {
            BenchFiles.deleteRecursively(work);
        }
    }
}
