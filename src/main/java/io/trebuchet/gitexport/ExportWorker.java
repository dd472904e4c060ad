package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trebuchet.audit.EventLog;
import io.trebuchet.core.Actor;
import io.trebuchet.core.Backoff;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.store.Database;
import io.trebuchet.store.Leadership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the manifest repository in step with the event log, on a thread of its own inside the server: leadership
 * among replicas, wake-ups, batching delays and backoff around the synchronous {@link ExportCycle}. Its timing reads
 * {@code timer}, so that it can be driven apart from the clock that stamps events.
 */
public final class ExportWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExportWorker.class);
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STANDBY_INTERVAL = Duration.ofSeconds(2);
    /** How often a halted export looks again whether the repository and the store agree (someone fixed it). */
    private static final Duration HALTED_RECHECK = Duration.ofSeconds(10);

    static final String ROLE = "git-export";
    private static final Duration LAG_MAX_AGE = Duration.ofSeconds(1);

    private final Database database;
    private final ExportSettings settings;
    private final Clock clock;
    private final Clock timer;
    private final ExportStore store = new ExportStore(ChartOutput.RENDERED);
    private final AtomicReference<ExportProgress> progress = new AtomicReference<>(ExportProgress.STARTING);
    private final ExportCycle cycle;
    private final Semaphore wakeups = new Semaphore(0);
    private final ConcurrentLinkedQueue<Rerender> rerenders = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final ExportMetrics metrics;
    private volatile boolean running = true;
    private volatile Optional<MeasuredLag> lag = Optional.empty();
    /** Whether this replica held the export's lead at its last step. */
    private volatile boolean leads;

    // Owned by the worker thread.
    private Optional<Leadership> leadership = Optional.empty();
    private Optional<Instant> lingerSince = Optional.empty();
    private Instant nextPush = Instant.MIN;
    private int pushFailures;
    private Instant nextStep = Instant.MIN;
    private int stepFailures;
    private Instant nextHaltedCheck = Instant.MIN;

    /** A re-render someone waits for; {@code force} renders over a halted export's repository. */
    private record Rerender(boolean force, Actor actor, CompletableFuture<RerenderOutcome> outcome) {}

    /** The lag as last measured for the metrics, and when ({@link #timer}). */
    private record MeasuredLag(double events, double seconds, Instant measured) {}

    private ExportWorker(
            Database database,
            EventLog events,
            ExportSettings settings,
            Clock clock,
            Clock timer,
            MeterRegistry registry) {
        this.database = requireNonNull(database, "database is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.metrics = new ExportMetrics(registry);
        this.cycle = ExportCycle.open(database, events, settings, clock, progress, metrics);
        Gauge.builder(
                        "trebuchet.export.lag.events",
                        this,
                        worker -> worker.lag().events())
                .description("Events in the store that the manifest repository's branch does not have yet")
                .register(registry);
        Gauge.builder("trebuchet.export.lag", this, worker -> worker.lag().seconds())
                .description("How long the oldest event not pushed yet has waited; 0 when the export is in step")
                .baseUnit("seconds")
                .register(registry);
        this.thread = Thread.ofPlatform().name("trebuchet-export").daemon(true).unstarted(this::run);
    }

    /**
     * Opens the exporter's repository (creating the embedded default) and starts exporting. {@code clock} stamps what
     * the export records; its waits follow the system's clock.
     */
    public static ExportWorker start(Database database, EventLog events, ExportSettings settings, Clock clock) {
        return start(database, events, settings, clock, new SimpleMeterRegistry());
    }

    /** As {@link #start(Database, EventLog, ExportSettings, Clock)}, recording durations, failures and lag in {@code registry}. */
    public static ExportWorker start(
            Database database, EventLog events, ExportSettings settings, Clock clock, MeterRegistry registry) {
        ExportWorker worker = new ExportWorker(database, events, settings, clock, Clock.systemUTC(), registry);
        worker.thread.start();
        log.info(
                "Git export to {} (branch {}, {} mode) started",
                settings.remote().redacted(),
                settings.remote().branch(),
                settings.output().mode().name().toLowerCase(Locale.ROOT));
        return worker;
    }

    /** Where the export stands now. */
    public ExportStatus status() {
        ExportProgress current = progress.get();
        long lastEventId = database.read(store::lastEventId);
        long cursor = Math.min(current.pushedEventId(), lastEventId);
        double secondsBehind = lastEventId > cursor
                ? database.read(handle -> store.oldestEventAfter(handle, cursor))
                        .map(oldest -> Math.max(
                                        0,
                                        Duration.between(oldest, clock.instant())
                                                .toMillis())
                                / 1000.0)
                        .orElse(0.0)
                : 0.0;
        return new ExportStatus(
                running ? current.state() : ExportStatus.State.STOPPED,
                settings.remote().redacted(),
                settings.remote().branch(),
                settings.output().mode(),
                lastEventId,
                cursor,
                current.committedEventId(),
                lastEventId - cursor,
                secondsBehind,
                current.lastCommit(),
                current.lastPush(),
                current.lastError(),
                current.divergence(),
                settings.replica(),
                leads ? Optional.of(settings.replica()) : database.leaderOf(ROLE));
    }

    /**
     * The lag for the metrics: measured again when the last measure is older than a second, so that one scrape asks
     * the store once. When the store does not answer the lag is unknown (NaN).
     */
    private MeasuredLag lag() {
        Instant now = timer.instant();
        Optional<MeasuredLag> last = lag;
        if (last.isPresent() && now.isBefore(last.get().measured().plus(LAG_MAX_AGE))) {
            return last.get();
        }
        MeasuredLag measured;
        try {
            if (!database.hasConnections()) {
                throw new TrebuchetException(ErrorCode.STORE_UNAVAILABLE, "the store is not reachable now");
            }
            ExportStatus current = status();
            measured = new MeasuredLag(current.eventsBehind(), current.secondsBehind(), now);
        } catch (TrebuchetException e) {
            log.debug("Cannot measure the export's lag: {}", e.getMessage());
            measured = new MeasuredLag(Double.NaN, Double.NaN, now);
        }
        lag = Optional.of(measured);
        return measured;
    }

    /**
     * Renders the whole tree from the current state and commits it if anything differs; waits for the worker to do it.
     * A halted export refuses it unless {@code force}: then the tree is rendered over the repository's branch as a new
     * commit (even when nothing differs, to record the event it was rendered at), recorded as an event of {@code
     * actor}, and the export resumes.
     */
    public RerenderOutcome rerender(boolean force, Actor actor, Duration timeout) {
        requireNonNull(actor, "actor is null");
        if (!running) {
            throw new TrebuchetException(ErrorCode.EXPORT_UNAVAILABLE, "the git export is stopped");
        }
        CompletableFuture<RerenderOutcome> outcome = new CompletableFuture<>();
        rerenders.add(new Rerender(force, actor, outcome));
        wakeups.release();
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TrebuchetException failure && failure.code() == ErrorCode.EXPORT_DIVERGED) {
                throw failure;
            }
            if (e.getCause() instanceof TrebuchetException failure) {
                throw new TrebuchetException(
                        ErrorCode.EXPORT_UNAVAILABLE, "the re-render failed: " + failure.getMessage(), failure);
            }
            throw new TrebuchetException(ErrorCode.EXPORT_UNAVAILABLE, "the re-render failed", e.getCause());
        } catch (TimeoutException e) {
            throw new TrebuchetException(
                    ErrorCode.EXPORT_UNAVAILABLE,
                    "the re-render did not finish within %d seconds; see /api/v1/export/status"
                            .formatted(timeout.toSeconds()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrebuchetException(
                    ErrorCode.EXPORT_UNAVAILABLE, "interrupted while waiting for the re-render", e);
        }
    }

    private void run() {
        while (running) {
            if (!timer.instant().isBefore(nextStep)) {
                try {
                    step();
                    stepFailures = 0;
                } catch (RuntimeException e) {
                    stepFailures++;
                    metrics.stepFailed();
                    nextStep = timer.instant().plus(BACKOFF.after(stepFailures));
                    recordError(e, stepFailures);
                    if (stepFailures == 1) {
                        log.warn("Git export failed, retrying with backoff: {}", e.getMessage(), e);
                    } else {
                        log.warn("Git export failed again (attempt {}): {}", stepFailures, e.getMessage());
                    }
                    failRerenders(e);
                }
            }
            awaitWork();
        }
        failRerenders(new TrebuchetException(ErrorCode.EXPORT_UNAVAILABLE, "the git export stopped"));
    }

    private void step() {
        if (!leading()) {
            return;
        }
        if (!cycle.knowsBranch()) {
            cycle.synchronize().ifPresent(this::pushFailed);
            nextHaltedCheck = timer.instant().plus(HALTED_RECHECK);
        }
        if (cycle.halted().isPresent() && !resolveHalt()) {
            return;
        }
        List<Rerender> waiting = takeRerenders();
        if (!waiting.isEmpty()) {
            RerenderOutcome outcome;
            try {
                outcome = cycle.rerender();
            } catch (RuntimeException e) {
                waiting.forEach(request -> request.outcome().completeExceptionally(e));
                throw e;
            }
            waiting.forEach(request -> request.outcome().complete(outcome));
        }
        cycle.renderIfNeeded();
        if (batchDue()) {
            cycle.exportPending();
        }
        if (cycle.pushPending() && !timer.instant().isBefore(nextPush)) {
            push();
        }
        if (pushFailures > 0) {
            progress.updateAndGet(current -> current.withState(ExportStatus.State.RETRYING));
        } else {
            progress.updateAndGet(ExportProgress::recovered);
        }
    }

    /** Whether to commit now: enough events wait, or the first of them has waited long enough for others. */
    private boolean batchDue() {
        long pending = cycle.eventsPending();
        if (pending == 0) {
            lingerSince = Optional.empty();
            return false;
        }
        Instant now = timer.instant();
        if (pending < settings.batching().batchSize()) {
            if (lingerSince.isEmpty()) {
                lingerSince = Optional.of(now);
            }
            if (now.isBefore(lingerSince.get().plus(settings.batching().maxDelay()))) {
                return false;
            }
        }
        lingerSince = Optional.empty();
        return true;
    }

    private void push() {
        try {
            cycle.push();
            pushFailures = 0;
            nextPush = Instant.MIN;
        } catch (TrebuchetException e) {
            pushFailed(e);
            log.warn("Push of the export failed (attempt {}): {}", pushFailures, e.getMessage());
        }
    }

    private void pushFailed(TrebuchetException error) {
        pushFailures++;
        nextPush = timer.instant().plus(BACKOFF.after(pushFailures));
        recordError(error, pushFailures);
    }

    private List<Rerender> takeRerenders() {
        List<Rerender> waiting = new ArrayList<>();
        for (Rerender request = rerenders.poll(); request != null; request = rerenders.poll()) {
            waiting.add(request);
        }
        return waiting;
    }

    /**
     * While halted: refuses re-renders that are not forced, renders over the repository when one is, and looks again
     * now and then whether the repository and the store agree. Whether the export may go on.
     */
    private boolean resolveHalt() {
        ExportStatus.Divergence divergence = cycle.halted().orElseThrow();
        List<Rerender> waiting = takeRerenders();
        List<Rerender> forced = waiting.stream().filter(Rerender::force).toList();
        waiting.stream()
                .filter(request -> !request.force())
                .forEach(request -> request.outcome().completeExceptionally(ExportCycle.diverged(divergence)));
        if (!forced.isEmpty()) {
            RerenderOutcome outcome;
            try {
                outcome = cycle.renderOver(forced.getFirst().actor());
            } catch (RuntimeException e) {
                forced.forEach(request -> request.outcome().completeExceptionally(e));
                throw e;
            }
            forced.forEach(request -> request.outcome().complete(outcome));
            return true;
        }
        if (!timer.instant().isBefore(nextHaltedCheck)) {
            nextHaltedCheck = timer.instant().plus(HALTED_RECHECK);
            cycle.synchronize().ifPresent(this::pushFailed);
        }
        return cycle.halted().isEmpty();
    }

    /**
     * Whether this replica runs the export: with PostgreSQL, replicas elect one with an advisory lock, and the others
     * stand by. Taking the lead means reading where the export stands again: the previous leader moved it.
     */
    private boolean leading() {
        if (leadership.isPresent() && leadership.get().isHeld()) {
            return true;
        }
        leads = false;
        if (leadership.isPresent()) {
            log.warn("Lost the lead of the git export (its database connection broke); standing by");
            leadership.get().close();
            leadership = Optional.empty();
        }
        leadership = database.tryLead(ROLE, settings.replica());
        cycle.forget();
        if (leadership.isEmpty()) {
            if (progress.get().state() != ExportStatus.State.STANDBY) {
                log.info("Another replica runs the git export; standing by");
            }
            progress.updateAndGet(current -> current.withState(ExportStatus.State.STANDBY));
            failRerenders(new TrebuchetException(
                    ErrorCode.EXPORT_UNAVAILABLE,
                    "another replica runs the git export; send the re-render to it (see /api/v1/export/status there)"));
            nextStep = timer.instant().plus(STANDBY_INTERVAL);
            return false;
        }
        log.info("Replica {} took the lead of the git export", settings.replica());
        leads = true;
        return true;
    }

    private void awaitWork() {
        Instant now = timer.instant();
        Duration wait = settings.batching().pollInterval();
        if (lingerSince.isPresent()) {
            wait = shorter(
                    wait,
                    Duration.between(
                            now, lingerSince.get().plus(settings.batching().maxDelay())));
        }
        if (cycle.pushPending() && nextPush.isAfter(now)) {
            wait = shorter(wait, Duration.between(now, nextPush));
        } else if (cycle.pushPending()) {
            wait = Duration.ZERO;
        }
        if (nextStep.isAfter(now)) {
            Duration untilStep = Duration.between(now, nextStep);
            wait = wait.compareTo(untilStep) > 0 ? wait : untilStep;
        }
        try {
            if (wait.isPositive() && wakeups.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                wakeups.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void recordError(RuntimeException error, int attempts) {
        ExportStatus.ErrorInfo info =
                new ExportStatus.ErrorInfo(String.valueOf(error.getMessage()), clock.instant(), attempts);
        progress.updateAndGet(
                current -> current.withState(ExportStatus.State.RETRYING).withError(info));
    }

    private void failRerenders(RuntimeException error) {
        takeRerenders().forEach(request -> request.outcome().completeExceptionally(error));
    }

    /** Stops exporting after the current step and closes the clone. */
    @Override
    public void close() {
        running = false;
        wakeups.release();
        try {
            thread.join(STOP_TIMEOUT.toMillis());
            if (thread.isAlive()) {
                log.warn("The git export did not stop within {}; interrupting it", STOP_TIMEOUT);
                thread.interrupt();
                thread.join(STOP_TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            leads = false;
            leadership.ifPresent(Leadership::close);
            cycle.close();
        }
        ExportProgress last = progress.get();
        log.info(
                "Git export stopped after its current step: committed up to event {}, pushed up to event {}",
                last.committedEventId(),
                last.pushedEventId());
    }
}
