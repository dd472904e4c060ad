package io.trebuchet.bench;

import io.trebuchet.store.StoreSettings.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's raw write rate, the ingest scenario's baseline: single-row inserts of a 2 KB payload, each its own
 * transaction, from concurrent clients into a table of its own. On PostgreSQL it is {@code pgbench} with a one-line
 * insert script; where pgbench is missing, and on the embedded store, a JDBC loop that does the same.
 */
final class InsertBaseline {
    private static final String TABLE = "bench_raw_insert";
    private static final int PAYLOAD_BYTES = 2048;
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private InsertBaseline() {}

    /** Inserts per second, and how they were measured. */
    record Rate(double rowsPerSecond, String method) {}

    /** Measures on {@code store}; on the embedded store no server may be running on it. */
    static Rate measure(BenchRun run, BenchStore store, int clients, Duration duration) {
        createTable(store);
        if (store.backend() == Backend.POSTGRESQL) {
            var pgbench = run.postgres().pgbench();
            if (pgbench.isPresent()) {
                return pgbench(run, store, pgbench.get(), clients, duration);
            }
        }
        return jdbcLoop(store, clients, duration);
    }

    private static void createTable(BenchStore store) {
        try (Connection connection = store.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("create table " + TABLE + " (id bigserial primary key, payload text not null)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the baseline's table", e);
        }
    }

    private static Rate pgbench(BenchRun run, BenchStore store, Path pgbench, int clients, Duration duration) {
        Path script = run.work().resolve(store.name() + "-insert.sql");
        try {
            // 64 random md5 sums: 2,048 characters that PostgreSQL cannot compress away.
            Files.writeString(
                    script,
                    "insert into " + TABLE + " (payload) select string_agg(md5(random()::text), '')"
                            + " from generate_series(1, " + PAYLOAD_BYTES / 32 + ");\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pgbench script", e);
        }
        String url = store.database().url();
        String database = url.substring(url.lastIndexOf('/') + 1);
        String output = Processes.output(List.of(
                pgbench.toString(),
                "-n",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(run.postgres().port()),
                "-U",
                "postgres",
                "-c",
                Integer.toString(clients),
                "-j",
                Integer.toString(Math.min(clients, Runtime.getRuntime().availableProcessors())),
                "-M",
                "prepared",
                "-T",
                Long.toString(Math.max(1, duration.toSeconds())),
                "-f",
                script.toString(),
                database));
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("cannot read pgbench's rate from its output:\n" + output);
        }
        return new Rate(Double.parseDouble(tps.group(1)), "pgbench, %d clients".formatted(clients));
    }

    private static Rate jdbcLoop(BenchStore store, int clients, Duration duration) {
        List<String> payloads = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int index = 0; index < 256; index++) {
            byte[] bytes = new byte[PAYLOAD_BYTES / 2];
            random.nextBytes(bytes);
            payloads.add(HexFormat.of().formatHex(bytes));
        }
        LongAdder inserted = new LongAdder();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int offset = client;
                running.add(threads.submit(() -> {
                    try (Connection connection = store.connect();
                            PreparedStatement insert =
                                    connection.prepareStatement("insert into " + TABLE + " (payload) values (?)")) {
                        connection.setAutoCommit(true);
                        for (int row = offset; System.nanoTime() < end; row += clients) {
                            insert.setString(1, payloads.get(row % payloads.size()));
                            insert.executeUpdate();
                            inserted.increment();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "the insert baseline failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Rate(inserted.sum() / seconds, "JDBC loop, %d clients".formatted(clients));
    }
}
