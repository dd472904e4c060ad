package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.trebuchet.audit.Event;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventLog;
import io.trebuchet.audit.EventQuery;
import io.trebuchet.audit.NewEvent;
import io.trebuchet.core.Actor;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.environment.EnvironmentConfig;
import io.trebuchet.store.Database;
import io.trebuchet.store.Leadership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the manifest repository in step with the event log, on a thread of its own inside the server.
 *
 * <p>Each round reads the events after the cursor and the state they lead to in one repeatable-read snapshot: event
 * ids are gap-free and become visible in commit order, so that state is exactly the state after the last event seen,
 * and the commit can say so in its {@code Trebuchet-Event} trailer. It renders only what the events touched, writes
 * one commit for the whole batch on the exporter's own clone, and pushes. Pushing may fail for a while: commits
 * continue locally and are pushed with backoff. When someone else pushed meanwhile the push is refused as not a fast
 * forward: the exporter fetches, takes their branch as its base and exports again from that branch's cursor (the
 * content is a function of the state), never forcing. Its unpushed commits were never seen by anyone, so every
 * event reaches the remote exactly once.
 */
public final class ExportWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExportWorker.class);
    private static final int EVENT_PAGE = 1000;
    private static final Duration MIN_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STANDBY_INTERVAL = Duration.ofSeconds(2);
    private static final int COMMITS_PER_HOUSEKEEPING = 100;
    /** How often a halted export looks again whether the repository and the store agree (someone fixed it). */
    private static final Duration HALTED_RECHECK = Duration.ofSeconds(10);

    static final String ROLE = "git-export";

    private final Database database;
    private final EventLog events;
    private final ExportSettings settings;
    private final ManifestRenderer renderer;
    private final String fingerprint;
    private final Clock clock;
    private final ExportStore store = new ExportStore();
    private final ManifestRepository repository;
    private final Semaphore wakeups = new Semaphore(0);
    private final ConcurrentLinkedQueue<Rerender> rerenders = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Progress> progress;
    private final Thread thread;
    private volatile boolean running = true;

    // Owned by the worker thread.
    private Optional<Leadership> leadership = Optional.empty();
    private boolean initialized;
    private Optional<ObjectId> head = Optional.empty();
    private long committedEventId;
    private boolean pushPending;
    private Optional<String> fullRenderReason = Optional.empty();
    private long lingerStartNanos = -1;
    private long nextPushNanos;
    private int pushFailures;
    private long nextStepNanos;
    private int stepFailures;
    private int commitsSinceHousekeeping;
    private Optional<ExportStatus.Divergence> halted = Optional.empty();
    private Instant nextHaltedCheck = Instant.MIN;

    /** A re-render someone waits for; {@code force} renders over a halted export's repository. */
    private record Rerender(boolean force, Actor actor, CompletableFuture<RerenderOutcome> outcome) {}

    private ExportWorker(Database database, EventLog events, ExportSettings settings, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.events = requireNonNull(events, "events is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.renderer = new ManifestRenderer(RenderSettings.of(settings));
        this.fingerprint = renderer.settings().fingerprint();
        this.repository = ManifestRepository.open(settings);
        this.progress = new AtomicReference<>(Progress.STARTING);
        this.thread = Thread.ofPlatform().name("trebuchet-export").daemon(true).unstarted(this::run);
        reserveExportedEventIds();
    }

    /**
     * Before the server takes any change: when this exporter's clone was exported at events the store does not have
     * (the store lost them, or was restored from an older backup), new changes must not take those ids, or a later
     * check could not tell the two histories apart. The export itself halts once it has looked at the remote too.
     */
    private void reserveExportedEventIds() {
        long exported = Stream.of(repository.localHead(), repository.remoteHead())
                .flatMap(Optional::stream)
                .map(repository::cursor)
                .flatMap(Optional::stream)
                .mapToLong(ExportCursor::eventId)
                .max()
                .orElse(0);
        long last = database.read(store::lastEventId);
        if (exported > last) {
            log.warn(
                    "The exporter's clone was exported at event {} but the store's last event is {}; new events take"
                            + " ids after {}",
                    exported,
                    last,
                    exported);
            recordHalt(exported, last, "the exporter's clone was exported at events the store does not have");
        }
    }

    /** Opens the exporter's repository (creating the embedded default) and starts exporting. */
    public static ExportWorker start(Database database, EventLog events, ExportSettings settings, Clock clock) {
        ExportWorker worker = new ExportWorker(database, events, settings, clock);
        worker.thread.start();
        log.info(
                "Git export to {} (branch {}, {} mode) started",
                settings.redactedRepository(),
                settings.branch(),
                settings.mode().name().toLowerCase(java.util.Locale.ROOT));
        return worker;
    }

    /** Where the export stands now. */
    public ExportStatus status() {
        Progress current = progress.get();
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
                settings.redactedRepository(),
                settings.branch(),
                settings.mode(),
                lastEventId,
                cursor,
                current.committedEventId(),
                lastEventId - cursor,
                secondsBehind,
                current.lastCommit(),
                current.lastPush(),
                current.lastError(),
                current.divergence());
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
            long now = System.nanoTime();
            if (now >= nextStepNanos) {
                try {
                    step();
                    stepFailures = 0;
                } catch (RuntimeException e) {
                    stepFailures++;
                    nextStepNanos = System.nanoTime() + backoff(stepFailures).toNanos();
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
        if (!initialized) {
            initialize();
        }
        if (halted.isPresent() && !resolveHalt()) {
            return;
        }
        List<Rerender> waiting = takeRerenders();
        if (!waiting.isEmpty()) {
            RerenderOutcome outcome;
            try {
                outcome = renderAll("Re-rendered at an operator's request.", false);
            } catch (RuntimeException e) {
                waiting.forEach(request -> request.outcome().completeExceptionally(e));
                throw e;
            }
            waiting.forEach(request -> request.outcome().complete(outcome));
        }
        if (fullRenderReason.isPresent()) {
            renderAll(fullRenderReason.get(), false);
        }
        exportPendingEvents();
        if (pushPending && System.nanoTime() >= nextPushNanos) {
            push();
        }
        publish(
                pushFailures > 0
                        ? progress.get().withState(ExportStatus.State.RETRYING)
                        : progress.get().recovered());
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
        ExportStatus.Divergence divergence = halted.orElseThrow();
        List<Rerender> waiting = takeRerenders();
        List<Rerender> forced = waiting.stream().filter(Rerender::force).toList();
        waiting.stream()
                .filter(request -> !request.force())
                .forEach(request -> request.outcome().completeExceptionally(diverged(divergence)));
        if (!forced.isEmpty()) {
            RerenderOutcome outcome;
            try {
                outcome = renderOver(divergence, forced.getFirst().actor());
            } catch (RuntimeException e) {
                forced.forEach(request -> request.outcome().completeExceptionally(e));
                throw e;
            }
            forced.forEach(request -> request.outcome().complete(outcome));
            return true;
        }
        if (!clock.instant().isBefore(nextHaltedCheck)) {
            nextHaltedCheck = clock.instant().plus(HALTED_RECHECK);
            initialize();
        }
        return halted.isEmpty();
    }

    private static TrebuchetException diverged(ExportStatus.Divergence divergence) {
        return new TrebuchetException(
                ErrorCode.EXPORT_DIVERGED,
                "the git export is halted: %s. %s".formatted(divergence.reason(), divergence.resolution()),
                Map.of(
                        "repositoryEventId", divergence.repositoryEventId(),
                        "storeEventId", divergence.storeEventId(),
                        "commit", divergence.commit()));
    }

    /**
     * Renders the store's state as a new commit on top of the remote's branch, after recording who decided it in an
     * event whose id comes after every event the branch was exported at.
     */
    private RerenderOutcome renderOver(ExportStatus.Divergence divergence, Actor actor) {
        Optional<ObjectId> remote = repository.fetch();
        if (remote.isPresent() && !head.equals(remote)) {
            repository.moveBranch(head, remote.get(), "export: render over the remote");
            head = remote;
        }
        long repositoryEventId = Math.max(
                divergence.repositoryEventId(),
                remote.flatMap(repository::cursor).map(ExportCursor::eventId).orElse(0L));
        database.inTransaction(transaction -> {
            events.skipPast(transaction, repositoryEventId);
            events.append(
                    transaction,
                    actor,
                    new NewEvent(
                            EventKind.EXPORT_FORCED,
                            Optional.empty(),
                            Optional.empty(),
                            Map.of(
                                    "repositoryEventId", repositoryEventId,
                                    "storeEventId", divergence.storeEventId(),
                                    "commit", divergence.commit(),
                                    "reason", divergence.reason())));
            return null;
        });
        log.warn(
                "{} had the whole tree rendered over the repository at event {}: {}",
                actor.name(),
                repositoryEventId,
                divergence.reason());
        halted = Optional.empty();
        publish(progress.get().resumed());
        return renderAll(
                "Rendered over the repository at %s's request: %s.".formatted(actor.name(), divergence.reason()), true);
    }

    /** Stops exporting until an operator resolves {@code divergence}; see {@link DivergenceCheck}. */
    private void halt(ExportStatus.Divergence divergence) {
        if (halted.isEmpty()) {
            log.error("Git export halted: {}. {}", divergence.reason(), divergence.resolution());
        }
        ExportStatus.Divergence kept = halted.filter(
                        previous -> previous.repositoryEventId() == divergence.repositoryEventId())
                .map(previous -> new ExportStatus.Divergence(
                        divergence.repositoryEventId(),
                        divergence.storeEventId(),
                        divergence.commit(),
                        divergence.reason(),
                        divergence.resolution(),
                        previous.since()))
                .orElse(divergence);
        halted = Optional.of(kept);
        nextHaltedCheck = clock.instant().plus(HALTED_RECHECK);
        if (divergence.repositoryEventId() > divergence.storeEventId()) {
            recordHalt(divergence.repositoryEventId(), divergence.storeEventId(), divergence.reason());
        }
        publish(progress.get().halted(kept));
    }

    /** Records the halt as an event whose id comes after {@code repositoryEventId}: those ids are taken. */
    private void recordHalt(long repositoryEventId, long storeEventId, String reason) {
        database.inTransaction(transaction -> {
            events.skipPast(transaction, repositoryEventId);
            events.append(
                    transaction,
                    Actor.SYSTEM,
                    new NewEvent(
                            EventKind.EXPORT_DIVERGED,
                            Optional.empty(),
                            Optional.empty(),
                            Map.of(
                                    "repositoryEventId", repositoryEventId,
                                    "storeEventId", storeEventId,
                                    "reason", reason)));
            return null;
        });
    }

    private Optional<ExportStatus.Divergence> divergence(ExportCursor cursor) {
        return database.read(handle -> DivergenceCheck.check(
                cursor, store.lastEventId(handle), events.find(handle, cursor.eventId()), clock.instant()));
    }

    /**
     * Whether this replica runs the export: with PostgreSQL, replicas elect one with an advisory lock, and the others
     * stand by. Taking the lead means reading where the export stands again: the previous leader moved it.
     */
    private boolean leading() {
        if (leadership.isPresent() && leadership.get().isHeld()) {
            return true;
        }
        if (leadership.isPresent()) {
            log.warn("Lost the lead of the git export (its database connection broke); standing by");
            leadership.get().close();
            leadership = Optional.empty();
        }
        leadership = database.tryLead(ROLE);
        initialized = false;
        if (leadership.isEmpty()) {
            if (progress.get().state() != ExportStatus.State.STANDBY) {
                log.info("Another replica runs the git export; standing by");
            }
            publish(progress.get().withState(ExportStatus.State.STANDBY));
            failRerenders(new TrebuchetException(
                    ErrorCode.EXPORT_UNAVAILABLE,
                    "another replica runs the git export; send the re-render to it (see /api/v1/export/status there)"));
            nextStepNanos = System.nanoTime() + STANDBY_INTERVAL.toNanos();
            return false;
        }
        return true;
    }

    /** Finds where the export stands from git alone: the local clone's branch and the remote's. */
    private void initialize() {
        Optional<ObjectId> remote;
        try {
            remote = repository.fetch();
        } catch (TrebuchetException e) {
            // Work on from the clone; pushing retries until the remote is back.
            log.warn("Cannot reach the manifest repository, exporting locally until it is back: {}", e.getMessage());
            recordError(e, 1);
            pushFailures = 1;
            nextPushNanos = System.nanoTime() + backoff(1).toNanos();
            remote = repository.remoteHead();
        }
        head = repository.localHead();
        synchronize(remote);
        initialized = true;
    }

    /** Takes {@code remote} as the base unless the clone is ahead of it; sets the cursor from the base. */
    private void synchronize(Optional<ObjectId> remote) {
        if (remote.isPresent()) {
            ObjectId remoteHead = remote.get();
            if (head.isEmpty()) {
                repository.moveBranch(Optional.empty(), remoteHead, "export: start from the remote");
                head = remote;
                pushPending = false;
            } else if (head.get().equals(remoteHead)) {
                pushPending = false;
            } else if (repository.isAncestor(remoteHead, head.get())) {
                pushPending = true;
            } else {
                // The remote moved on (fast forward) or someone else pushed while we had unpushed commits: their
                // branch is the base; what we had not pushed is exported again from the store.
                repository.moveBranch(head, remoteHead, "export: rebuild on the remote");
                head = remote;
                pushPending = false;
            }
        } else {
            pushPending = head.isPresent();
        }
        Optional<ExportStatus.Divergence> diverged =
                remote.flatMap(repository::cursor).flatMap(this::divergence);
        if (diverged.isPresent()) {
            halt(diverged.get());
            return;
        }
        if (pushPending) {
            Optional<ExportStatus.Divergence> unpushed =
                    head.flatMap(repository::cursor).flatMap(this::divergence);
            if (unpushed.isPresent()) {
                // Nobody has seen these commits: drop them rather than push what the store does not say.
                log.warn(
                        "Dropping the exporter's unpushed commits: {}",
                        unpushed.get().reason());
                if (remote.isPresent()) {
                    repository.moveBranch(head, remote.get(), "export: drop unpushed commits the store lost");
                    head = remote;
                    pushPending = false;
                } else {
                    fullRenderReason = Optional.of("The exporter's unpushed commits held events the store lost.");
                }
            }
        }
        if (halted.isPresent()) {
            log.info("The manifest repository and the store agree again; the git export resumes");
            halted = Optional.empty();
            publish(progress.get().resumed());
        }
        Optional<ExportCursor> cursor = head.flatMap(repository::cursor);
        committedEventId = cursor.map(ExportCursor::eventId).orElse(0L);
        long pushedEventId =
                remote.flatMap(repository::cursor).map(ExportCursor::eventId).orElse(0L);
        if (!pushPending) {
            pushedEventId = committedEventId;
        }
        if (fullRenderReason.isEmpty() && cursor.isEmpty()) {
            fullRenderReason = Optional.of("The branch had no commit of the export yet.");
        } else if (fullRenderReason.isEmpty()
                && !cursor.get().renderFingerprint().equals(Optional.of(fingerprint))) {
            fullRenderReason =
                    Optional.of("The render settings changed (mode, repository URL, branch or Flux source).");
        }
        publish(progress.get().withCommitted(committedEventId).withPushed(pushedEventId));
        log.info(
                "Git export at event {} (commit {}), remote at event {}",
                committedEventId,
                head.map(ObjectId::name).orElse("none"),
                pushedEventId);
    }

    private void exportPendingEvents() {
        long lastEventId = database.read(store::lastEventId);
        if (lastEventId < committedEventId) {
            // The store lost events while this exporter ran: never render its older state over them.
            initialized = false;
            throw new TrebuchetException(
                    ErrorCode.EXPORT_DIVERGED,
                    "the export is at event %d, beyond the store's last event %d; looking at the repository again"
                            .formatted(committedEventId, lastEventId));
        }
        if (lastEventId == committedEventId) {
            lingerStartNanos = -1;
            return;
        }
        long now = System.nanoTime();
        if (lastEventId - committedEventId < settings.batchSize()) {
            if (lingerStartNanos < 0) {
                lingerStartNanos = now;
            }
            if (now - lingerStartNanos < settings.maxDelay().toNanos()) {
                return;
            }
        }
        lingerStartNanos = -1;
        exportBatch();
    }

    private record Batch(Optional<Event> last, BatchSummary summary, ChangeScope scope, ExportState state) {
        long eventId() {
            return state.eventId();
        }
    }

    private void exportBatch() {
        long after = committedEventId;
        Batch batch = database.inSnapshot(transaction -> readBatch(transaction.handle(), after));
        if (batch.summary().eventCount() == 0) {
            return;
        }
        Map<EnvName, EnvironmentConfig> previous =
                repository.configs(head, batch.scope().environments());
        TreeChanges changes = renderer.renderChanges(batch.state(), batch.scope(), previous);
        BatchSummary summary = batch.summary();
        Actor author = summary.soleActor().orElse(Actor.SYSTEM);
        Instant authored = summary.lastEventTime().orElseGet(clock::instant);
        Optional<ObjectId> written = commit(
                changes,
                CommitMessage.forBatch(summary, CommitMessage.Cursor.of(batch.last()), fingerprint),
                author,
                authored,
                batch.eventId(),
                false);
        log.info(
                "Exported {} events up to event {}: {}",
                summary.eventCount(),
                batch.eventId(),
                written.map(id -> "commit " + id.name()).orElse("no change"));
    }

    private Batch readBatch(Handle handle, long after) {
        long lastEventId = store.lastEventId(handle);
        BatchSummary summary = new BatchSummary();
        List<Event> page;
        ChangeScope scope = ChangeScope.of(List.of());
        long next = after;
        Optional<Event> last = Optional.empty();
        do {
            page = events.list(handle, EventQuery.after(next, EVENT_PAGE)).stream()
                    .filter(event -> event.id() <= lastEventId)
                    .toList();
            page.forEach(summary::add);
            scope = scope.union(ChangeScope.of(page));
            if (!page.isEmpty()) {
                last = Optional.of(page.getLast());
                next = page.getLast().id();
            }
        } while (page.size() == EVENT_PAGE && next < lastEventId);
        if (next != lastEventId) {
            throw new IllegalStateException(
                    "the snapshot shows event %d as the last but the log ends at %d".formatted(lastEventId, next));
        }
        scope = scope.withEnvironmentsOf(store.runningIn(handle, scope.applications()));
        return new Batch(last, summary, scope, store.load(handle, lastEventId, scope));
    }

    private record FullState(ExportState state, Optional<Event> last) {}

    /**
     * Renders the whole tree at the store's last event and commits it if it differs from the branch's, or in any case
     * when {@code always} (to record the event the tree was rendered at).
     */
    private RerenderOutcome renderAll(String reason, boolean always) {
        FullState full = database.inSnapshot(transaction -> {
            ExportState loaded = store.loadAll(transaction.handle());
            return new FullState(loaded, events.find(transaction.handle(), loaded.eventId()));
        });
        ExportState state = full.state();
        TreeChanges changes = renderer.renderTree(state);
        Optional<ObjectId> written = commit(
                changes,
                CommitMessage.forFullRender(reason, CommitMessage.Cursor.of(full.last()), fingerprint),
                Actor.SYSTEM,
                clock.instant(),
                state.eventId(),
                always);
        fullRenderReason = Optional.empty();
        log.info(
                "Rendered the whole tree at event {}: {}",
                state.eventId(),
                written.map(id -> "commit " + id.name()).orElse("no change"));
        return new RerenderOutcome(written.isPresent(), written.map(ObjectId::name), state.eventId());
    }

    private Optional<ObjectId> commit(
            TreeChanges changes, String message, Actor author, Instant authored, long eventId, boolean always) {
        PersonIdent authorIdent = person(author, authored);
        PersonIdent committer = person(Actor.SYSTEM, clock.instant());
        Optional<ObjectId> written = repository.commit(head, changes, message, authorIdent, committer, always);
        Progress current = progress.get();
        if (written.isPresent()) {
            repository.moveBranch(head, written.get(), "export: events up to " + eventId);
            head = written;
            if (++commitsSinceHousekeeping >= COMMITS_PER_HOUSEKEEPING) {
                commitsSinceHousekeeping = 0;
                repository.housekeeping();
            }
            // Pushed at the next step, or once the backoff of a failing remote has passed.
            pushPending = true;
            current =
                    current.withCommit(new ExportStatus.CommitInfo(written.get().name(), eventId, clock.instant()));
        }
        committedEventId = eventId;
        current = current.withCommitted(eventId);
        if (!pushPending) {
            // Nothing to push: the remote holds the same tree, which is the state at this event too.
            current = current.withPushed(eventId);
        }
        publish(current);
        return written;
    }

    private void push() {
        ObjectId pushed = head.orElseThrow();
        long eventId = committedEventId;
        ManifestRepository.PushOutcome outcome;
        try {
            outcome = repository.push();
        } catch (TrebuchetException e) {
            pushFailures++;
            nextPushNanos = System.nanoTime() + backoff(pushFailures).toNanos();
            recordError(e, pushFailures);
            log.warn("Push of export commit {} failed (attempt {}): {}", pushed.name(), pushFailures, e.getMessage());
            return;
        }
        switch (outcome) {
            case PUSHED -> {
                log.info("Pushed commit {} (events up to {})", pushed.name(), eventId);
                pushPending = false;
                pushFailures = 0;
                nextPushNanos = 0;
                publish(progress.get()
                        .withPushed(eventId)
                        .withPush(new ExportStatus.PushInfo(pushed.name(), eventId, clock.instant()))
                        .recovered());
            }
            case NOT_FAST_FORWARD -> {
                log.info("The manifest repository moved on; exporting again on top of it");
                synchronize(repository.fetch());
            }
        }
    }

    private void awaitWork() {
        long now = System.nanoTime();
        long wait = settings.pollInterval().toNanos();
        if (lingerStartNanos >= 0) {
            wait = Math.min(wait, lingerStartNanos + settings.maxDelay().toNanos() - now);
        }
        if (pushPending) {
            wait = Math.min(wait, nextPushNanos - now);
        }
        if (nextStepNanos > now) {
            wait = Math.max(wait, nextStepNanos - now);
        }
        try {
            if (wait > 0 && wakeups.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
                wakeups.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void recordError(RuntimeException error, int attempts) {
        publish(progress.get()
                .withState(ExportStatus.State.RETRYING)
                .withError(new ExportStatus.ErrorInfo(String.valueOf(error.getMessage()), clock.instant(), attempts)));
    }

    private void failRerenders(RuntimeException error) {
        takeRerenders().forEach(request -> request.outcome().completeExceptionally(error));
    }

    private void publish(Progress next) {
        progress.set(next);
    }

    private static Duration backoff(int failures) {
        long millis = MIN_BACKOFF.toMillis() << Math.min(failures - 1, 10);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private static PersonIdent person(Actor actor, Instant time) {
        return new PersonIdent(actor.name(), actor.email(), time, ZoneOffset.UTC);
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
            leadership.ifPresent(Leadership::close);
            repository.close();
        }
        Progress last = progress.get();
        log.info(
                "Git export stopped after its current step: committed up to event {}, pushed up to event {}",
                last.committedEventId(),
                last.pushedEventId());
    }

    /** What the status endpoint shows; replaced as a whole by the worker thread. */
    private record Progress(
            ExportStatus.State state,
            long committedEventId,
            long pushedEventId,
            Optional<ExportStatus.CommitInfo> lastCommit,
            Optional<ExportStatus.PushInfo> lastPush,
            Optional<ExportStatus.ErrorInfo> lastError,
            Optional<ExportStatus.Divergence> divergence) {
        static final Progress STARTING = new Progress(
                ExportStatus.State.STARTING,
                0,
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());

        /** A halted export stays halted whatever else happens, until {@link #resumed}. */
        Progress withState(ExportStatus.State newState) {
            ExportStatus.State kept = divergence.isPresent() ? ExportStatus.State.HALTED : newState;
            return new Progress(kept, committedEventId, pushedEventId, lastCommit, lastPush, lastError, divergence);
        }

        Progress withCommitted(long eventId) {
            return new Progress(state, eventId, pushedEventId, lastCommit, lastPush, lastError, divergence);
        }

        Progress withPushed(long eventId) {
            return new Progress(state, committedEventId, eventId, lastCommit, lastPush, lastError, divergence);
        }

        Progress withCommit(ExportStatus.CommitInfo commit) {
            return new Progress(
                    state, committedEventId, pushedEventId, Optional.of(commit), lastPush, lastError, divergence);
        }

        Progress withPush(ExportStatus.PushInfo push) {
            return new Progress(
                    state, committedEventId, pushedEventId, lastCommit, Optional.of(push), lastError, divergence);
        }

        Progress withError(ExportStatus.ErrorInfo error) {
            return new Progress(
                    state, committedEventId, pushedEventId, lastCommit, lastPush, Optional.of(error), divergence);
        }

        /** The last attempt succeeded: running, the last error kept with its time but no failed attempts. */
        Progress recovered() {
            return new Progress(
                            ExportStatus.State.RUNNING,
                            committedEventId,
                            pushedEventId,
                            lastCommit,
                            lastPush,
                            lastError.map(error -> new ExportStatus.ErrorInfo(error.message(), error.time(), 0)),
                            divergence)
                    .withState(ExportStatus.State.RUNNING);
        }

        Progress halted(ExportStatus.Divergence found) {
            return new Progress(
                    ExportStatus.State.HALTED,
                    committedEventId,
                    pushedEventId,
                    lastCommit,
                    lastPush,
                    lastError,
                    Optional.of(found));
        }

        Progress resumed() {
            return new Progress(
                    ExportStatus.State.RUNNING,
                    committedEventId,
                    pushedEventId,
                    lastCommit,
                    lastPush,
                    lastError,
                    Optional.empty());
        }
    }
}
