package io.trebuchet.bench;

import static java.util.Objects.requireNonNull;

import io.trebuchet.store.StoreSettings.Backend;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The overview: a fleet of applications in ten environments, each with a history of releases (see {@link #build}),
 * then the overview API, the overview page and the page's live-update poll (while nothing changes) read one at a time
 * by a server started for it. Baseline: the raw SQL
 * read of what the overview shows (every deployment with its release's display version, every application), on the
 * same store.
 */
final class OverviewBench {
    private static final int WARMUP_READS = 3;

    /** The overview polls every ten seconds (see {@code overviewTable.jte}). */
    private static final int POLLS_PER_MINUTE = 6;

    private static final Pattern LIVE_TOKEN = Pattern.compile("live=([0-9a-f-]+)");

    /** How many of a fleet's releases come through the API; the older ones are written in bulk. */
    static final int API_ROUNDS = 2;

    private OverviewBench() {}

    /** A store holding a fleet; {@code events} is the number of events in it, {@code nextVersion} the next release. */
    record BuiltFleet(BenchStore store, List<String> applications, long nextVersion, long events) {
        BuiltFleet {
            requireNonNull(store, "store is null");
            applications = List.copyOf(applications);
        }
    }

    static ScenarioResult run(BenchRun run, Backend backend) {
        BenchSizes sizes = run.sizes();
        String label = BenchRun.label(backend);
        List<String> applications = Fleet.applications(sizes.overviewApplications());
        ScenarioResult.Builder result = new ScenarioResult.Builder(BenchScenario.OVERVIEW, label)
                .parameter("applications", applications.size())
                .parameter("environments", Fleet.TEN_ENVIRONMENTS.size())
                .parameter("releasesPerApplication", sizes.overviewReleases())
                .parameter("releasesThroughTheApi", API_ROUNDS)
                .parameter("reads", sizes.reads());
        BuiltFleet fleet = build(run, backend, "overview", applications, sizes.overviewReleases(), result);
        run.keepFleet(backend, fleet);
        Latencies api;
        Latencies page;
        Latencies poll;
        AtomicInteger rendered = new AtomicInteger();
        try (ServerProcess server = run.startServer(fleet.store(), ServerProcess.Export.DEFAULT)) {
            BenchHttp http = server.http();
            Fleet.awaitExport(http);
            run.progress("overview on %s: %d reads of the API and of the page", label, sizes.reads());
            api = reads(sizes.reads(), () -> http.getText("/api/v1/overview"));
            page = reads(sizes.reads(), () -> http.getText("/"));
            String pollPath = "/?live=" + liveToken(http.getText("/"));
            poll = reads(sizes.reads(), () -> {
                if (!http.getText(pollPath).isEmpty()) {
                    rendered.incrementAndGet();
                }
            });
            result.parameter("events", fleet.events()).peakRss(server.peakRssBytes());
        }
        Latencies raw = rawReads(fleet.store(), sizes.reads());
        return result.latencies("api", "GET /api/v1/overview", api)
                .latencies("page", "GET / (overview page)", page)
                .latencies("livePoll", "GET /?live=TOKEN (the overview's poll while nothing changed: 204)", poll)
                .figure(
                        "livePoll.perClientMinute",
                        "request time (mean) of one open overview's polls per minute while nothing changes ("
                                + POLLS_PER_MINUTE + " polls, mean); each change costs one page render more",
                        poll.meanMillis() * POLLS_PER_MINUTE,
                        "ms")
                .parameter("livePollsThatRendered", rendered.get())
                .baseline("rawRead.p50", "raw SQL read of the deployments and applications p50", raw.p50Millis(), "ms")
                .ratio(
                        "apiPerRawRead",
                        "overview API p50 per raw SQL read p50 (lower is better)",
                        api.p50Millis() / raw.p50Millis())
                .ratio(
                        "pagePerRawRead",
                        "overview page p50 per raw SQL read p50 (lower is better)",
                        page.p50Millis() / raw.p50Millis())
                .build();
    }

    /**
     * A new store holding a fleet: {@code releases} releases of every application in ten environments. All but the last
     * {@link #API_ROUNDS} are history written in bulk ({@link HistorySeeder}); the last ones are posted through the API
     * (every application, every environment's manifest), each round followed by every train, so that the environments
     * run what the API put there, with deployments, events and the export as the server makes them.
     */
    static BuiltFleet build(
            BenchRun run,
            Backend backend,
            String purpose,
            List<String> applications,
            int releases,
            ScenarioResult.Builder result) {
        BenchSizes sizes = run.sizes();
        List<String> environments = Fleet.names(Fleet.TEN_ENVIRONMENTS);
        BenchStore store = run.newStore(backend, purpose);
        int history = Math.max(0, releases - API_ROUNDS);
        run.progress(
                "%s: %d applications, %d older releases each written in bulk",
                store.name(), applications.size(), history);
        HistorySeeder.Seeded seeded = HistorySeeder.seed(store, applications, environments, history);
        try (ServerProcess server = run.startServer(store, ServerProcess.Export.DEFAULT)) {
            BenchHttp http = server.http();
            Fleet.createEnvironments(http, Fleet.TEN_ENVIRONMENTS);
            long eventsBefore = Fleet.lastEventId(http);
            for (int round = history + 1; round <= releases; round++) {
                run.progress("%s: release %d of every application through the API", store.name(), round);
                Fleet.releaseRound(
                        http, applications, round, environments, BenchSizes.FLEET_MANIFEST_BYTES, sizes.clients());
                Fleet.TRAINS_IN_ORDER.forEach(target -> Fleet.train(http, target));
            }
            Fleet.awaitExport(http);
            result.peakRss(server.peakRssBytes());
            return new BuiltFleet(
                    store, applications, releases + 1L, seeded.events() + Fleet.lastEventId(http) - eventsBefore);
        }
    }

    /** The token the overview page polls with, read from its poll URL. */
    static String liveToken(String page) {
        Matcher matcher = LIVE_TOKEN.matcher(page);
        if (!matcher.find()) {
            throw new IllegalStateException("the overview page has no live-update URL");
        }
        return matcher.group(1);
    }

    /** Times {@code count} reads, one at a time, after a few untimed ones. */
    static Latencies reads(int count, Runnable read) {
        for (int warmup = 0; warmup < WARMUP_READS; warmup++) {
            read.run();
        }
        long[] nanos = new long[count];
        for (int index = 0; index < count; index++) {
            long start = System.nanoTime();
            read.run();
            nanos[index] = System.nanoTime() - start;
        }
        return Latencies.ofNanos(nanos);
    }

    /** The raw SQL read of what the overview shows, on a connection of the bench's own (no server running). */
    static Latencies rawReads(BenchStore store, int count) {
        try (Connection connection = store.connect();
                Statement statement = connection.createStatement()) {
            return reads(count, () -> {
                try {
                    readAll(statement, """
                            select d.application, d.environment, d.version, d.deployed_at, d.actor_name,
                                d.actor_email, d.reason, d.display_version, d.violations
                            from deployments d
                            """);
                    readAll(
                            statement,
                            "select name, team, stack, latest_version from applications where archived_at is null");
                } catch (SQLException e) {
                    throw new IllegalStateException("the raw read failed", e);
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + store.store().describe(), e);
        }
    }

    private static void readAll(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int column = 1; column <= columns; column++) {
                    rows.getString(column);
                }
            }
        }
    }
}
