package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.trebuchet.audit.Event;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventLog;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.audit.EventQuery;
import io.trebuchet.audit.NewEvent;
import io.trebuchet.core.Actor;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.environment.EnvironmentConfig;
import io.trebuchet.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export's synchronous work on the manifest repository: find where the branch stands and whether the store agrees
 * with it, read the events since the last commit with the state they lead to, render what they touched, commit, push.
 * {@link ExportWorker} calls it from its thread, deciding when; a test may call it directly. One thread at a time.
 *
 * <p>Each batch reads the events after the cursor and the state they lead to in one repeatable-read snapshot: event
 * ids become visible in commit order, so that state is exactly the state after the last event seen, and the commit can
 * say so in its {@code Trebuchet-Event} trailer (with the event's digest, see {@link EventDigest}). Commits are written
 * on the exporter's own clone and pushed, never forced. When someone else pushed meanwhile, the push is refused as not
 * a fast forward: their branch becomes the base and the export goes on from that branch's cursor (the content is a
 * function of the state), so every event reaches the remote exactly once. When the branch holds events the store does
 * not have, the export halts (see {@link DivergenceCheck}) until an operator decides.
 */
final class ExportCycle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExportCycle.class);
    private static final int EVENT_PAGE = 1000;
    private static final int COMMITS_PER_HOUSEKEEPING = 100;

    private final Database database;
    private final EventLog events;
    private final Clock clock;
    private final ManifestRenderer renderer;
    private final String fingerprint;
    private final ExportStore store;
    private final ManifestRepository repository;
    private final AtomicReference<ExportProgress> progress;
    private final ExportMetrics metrics;

    private boolean branchKnown;
    private Optional<ObjectId> head = Optional.empty();
    private long committedEventId;
    private boolean pushPending;
    private Optional<String> fullRenderReason = Optional.empty();
    private Optional<ExportStatus.Divergence> halted = Optional.empty();
    private int commitsSinceHousekeeping;

    private ExportCycle(
            Database database,
            EventLog events,
            ExportSettings settings,
            Clock clock,
            AtomicReference<ExportProgress> progress,
            ExportMetrics metrics) {
        this.database = requireNonNull(database, "database is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.renderer = new ManifestRenderer(RenderSettings.of(requireNonNull(settings, "settings is null")));
        this.fingerprint = renderer.settings().fingerprint();
        this.store = new ExportStore(settings.output().chartOutput());
        this.repository = ManifestRepository.open(settings);
    }

    /**
     * Opens the exporter's clone (creating the embedded default repository), before the server takes any change: when
     * the clone was exported at events the store does not have (the store lost them, or was restored from an older
     * backup), new changes must not take those ids, or a later check could not tell the two histories apart.
     */
    static ExportCycle open(
            Database database,
            EventLog events,
            ExportSettings settings,
            Clock clock,
            AtomicReference<ExportProgress> progress) {
        return open(database, events, settings, clock, progress, ExportMetrics.unread());
    }

    static ExportCycle open(
            Database database,
            EventLog events,
            ExportSettings settings,
            Clock clock,
            AtomicReference<ExportProgress> progress,
            ExportMetrics metrics) {
        ExportCycle cycle = new ExportCycle(database, events, settings, clock, progress, metrics);
        cycle.reserveExportedEventIds();
        return cycle;
    }

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
            recordDivergence(exported, last, "the exporter's clone was exported at events the store does not have");
        }
    }

    /** One whole cycle, for callers that do not schedule: synchronize if needed, render, commit, push. */
    void exportNow() {
        if (!branchKnown) {
            synchronize();
        }
        if (halted.isPresent()) {
            return;
        }
        renderIfNeeded();
        exportPending();
        if (pushPending) {
            push();
        }
    }

    boolean knowsBranch() {
        return branchKnown;
    }

    /** Forgets where the branch stands: another replica may have moved it (leadership changed hands). */
    void forget() {
        branchKnown = false;
    }

    Optional<ExportStatus.Divergence> halted() {
        return halted;
    }

    boolean pushPending() {
        return pushPending;
    }

    /**
     * Finds where the export stands from git alone: fetches the remote's branch, takes it as the base unless the clone
     * is ahead of it, and checks that the store has the branch's event. Works on from the clone when the remote cannot
     * be reached, and returns why.
     */
    Optional<TrebuchetException> synchronize() {
        Optional<ObjectId> remote;
        Optional<TrebuchetException> unreachable = Optional.empty();
        try {
            remote = repository.fetch();
        } catch (TrebuchetException e) {
            // Work on from the clone; pushing retries until the remote is back.
            log.warn("Cannot reach the manifest repository, exporting locally until it is back: {}", e.getMessage());
            unreachable = Optional.of(e);
            remote = repository.remoteHead();
        }
        head = repository.localHead();
        rebase(remote);
        branchKnown = true;
        return unreachable;
    }

    /** Takes {@code remote} as the base unless the clone is ahead of it; sets the cursor from the base. */
    private void rebase(Optional<ObjectId> remote) {
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
            publish(ExportProgress::resumed);
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
        long pushed = pushedEventId;
        publish(current -> current.withCommitted(committedEventId).withPushed(pushed));
        log.info(
                "Git export at event {} (commit {}), remote at event {}",
                committedEventId,
                head.map(ObjectId::name).orElse("none"),
                pushedEventId);
    }

    private Optional<ExportStatus.Divergence> divergence(ExportCursor cursor) {
        return database.read(handle -> DivergenceCheck.check(
                cursor, store.lastEventId(handle), events.find(handle, cursor.eventId()), clock.instant()));
    }

    /** Stops exporting until an operator resolves {@code divergence}. */
    private void halt(ExportStatus.Divergence divergence) {
        if (halted.isEmpty()) {
            log.error("Git export halted: {}. {}", divergence.reason(), divergence.resolution());
        }
        // Looking again finds the same branch differently (its ids are skipped now): the first finding says why.
        ExportStatus.Divergence kept = halted.filter(
                        previous -> previous.repositoryEventId() == divergence.repositoryEventId())
                .orElse(divergence);
        halted = Optional.of(kept);
        if (divergence.repositoryEventId() > divergence.storeEventId()) {
            recordDivergence(divergence.repositoryEventId(), divergence.storeEventId(), divergence.reason());
        }
        publish(current -> current.halted(kept));
    }

    /** Records the divergence as an event whose id comes after {@code repositoryEventId}: those ids are taken. */
    private void recordDivergence(long repositoryEventId, long storeEventId, String reason) {
        database.inTransaction(transaction -> {
            events.skipPast(transaction, repositoryEventId);
            events.append(
                    transaction,
                    Actor.SYSTEM,
                    new NewEvent(
                            EventKind.EXPORT_DIVERGED,
                            Optional.empty(),
                            Optional.empty(),
                            new EventPayload.ExportDiverged(repositoryEventId, storeEventId, reason)));
            return null;
        });
    }

    /** The error a halted export answers a plain re-render with. */
    static TrebuchetException diverged(ExportStatus.Divergence divergence) {
        return new TrebuchetException(
                ErrorCode.EXPORT_DIVERGED,
                "the git export is halted: %s. %s".formatted(divergence.reason(), divergence.resolution()),
                Map.of(
                        "repositoryEventId", divergence.repositoryEventId(),
                        "storeEventId", divergence.storeEventId(),
                        "commit", divergence.commit()));
    }

    /**
     * Renders the store's state as a new commit on top of the remote's branch of a halted export, after recording who
     * decided it in an event whose id comes after every event the branch was exported at; the export resumes.
     */
    RerenderOutcome renderOver(Actor actor) {
        ExportStatus.Divergence divergence =
                halted.orElseThrow(() -> new IllegalStateException("only a halted export is rendered over"));
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
                            new EventPayload.ExportForced(
                                    repositoryEventId,
                                    divergence.storeEventId(),
                                    divergence.commit(),
                                    divergence.reason())));
            return null;
        });
        log.warn(
                "{} had the whole tree rendered over the repository at event {}: {}",
                actor.name(),
                repositoryEventId,
                divergence.reason());
        halted = Optional.empty();
        publish(ExportProgress::resumed);
        return renderAll(
                "Rendered over the repository at %s's request: %s.".formatted(actor.name(), divergence.reason()), true);
    }

    /** Renders the whole tree again at an operator's request; commits only if it differs. */
    RerenderOutcome rerender() {
        return renderAll("Re-rendered at an operator's request.", false);
    }

    /** Renders the whole tree when the branch needs it: it had no export yet, or the render settings changed. */
    void renderIfNeeded() {
        if (fullRenderReason.isPresent()) {
            renderAll(fullRenderReason.get(), false);
        }
    }

    /**
     * How many events the store has that no commit holds yet.
     *
     * @throws TrebuchetException with {@link ErrorCode#EXPORT_DIVERGED} when the store's last event is older than the
     *     last one committed: it lost events while this exporter ran, and the branch must be looked at again
     */
    long eventsPending() {
        long lastEventId = database.read(store::lastEventId);
        if (lastEventId < committedEventId) {
            // Never render the store's older state over events it lost.
            branchKnown = false;
            throw new TrebuchetException(
                    ErrorCode.EXPORT_DIVERGED,
                    "the export is at event %d, beyond the store's last event %d; looking at the repository again"
                            .formatted(committedEventId, lastEventId));
        }
        return lastEventId - committedEventId;
    }

    private record Batch(Optional<Event> last, BatchSummary summary, ChangeScope scope, ExportState state) {
        long eventId() {
            return state.eventId();
        }
    }

    /** Commits the events since the last commit, in one commit (none when they leave the tree as it is). */
    void exportPending() {
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
        // The branch's first export replaces what another tool wrote (Kuberpult's layout): say what goes.
        List<String> removed = head.filter(commit -> repository.cursor(commit).isEmpty())
                .map(commit -> CommitMessage.removed(repository.files(commit), changes))
                .orElse(List.of());
        Optional<ObjectId> written = commit(
                changes,
                CommitMessage.forFullRender(reason, CommitMessage.Cursor.of(full.last()), fingerprint, removed),
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
        Optional<ObjectId> written = metrics.commit(() -> {
            Optional<ObjectId> made = repository.commit(head, changes, message, authorIdent, committer, always);
            made.ifPresent(id -> repository.moveBranch(head, id, "export: events up to " + eventId));
            return made;
        });
        if (written.isPresent()) {
            head = written;
            if (++commitsSinceHousekeeping >= COMMITS_PER_HOUSEKEEPING) {
                commitsSinceHousekeeping = 0;
                repository.housekeeping();
            }
            // Pushed at the next step, or once the backoff of a failing remote has passed.
            pushPending = true;
            ExportStatus.CommitInfo info =
                    new ExportStatus.CommitInfo(written.get().name(), eventId, clock.instant());
            publish(current -> current.withCommit(info));
        }
        committedEventId = eventId;
        publish(current -> current.withCommitted(eventId));
        if (!pushPending) {
            // Nothing to push: the remote holds the same tree, which is the state at this event too.
            publish(current -> current.withPushed(eventId));
        }
        return written;
    }

    /** What a push did. */
    enum Pushed {
        /** The remote has the exporter's branch. */
        PUSHED,
        /** Someone else had pushed: their branch is the base now, and the events are exported again onto it. */
        REBASED
    }

    /**
     * Pushes the exporter's branch, never forcing.
     *
     * @throws TrebuchetException with {@link ErrorCode#EXPORT_UNAVAILABLE} when the remote cannot be reached or
     *     refuses the push
     */
    Pushed push() {
        ObjectId pushed = head.orElseThrow();
        long eventId = committedEventId;
        return switch (metrics.push(repository::push)) {
            case PUSHED -> {
                pushPending = false;
                ExportStatus.PushInfo info = new ExportStatus.PushInfo(pushed.name(), eventId, clock.instant());
                publish(current -> current.withPushed(eventId).withPush(info));
                log.info("Pushed export commit {} (events up to {})", pushed.name(), eventId);
                yield Pushed.PUSHED;
            }
            case NOT_FAST_FORWARD -> {
                log.info("The manifest repository moved on; exporting again on top of it");
                rebase(repository.fetch());
                yield Pushed.REBASED;
            }
        };
    }

    private void publish(UnaryOperator<ExportProgress> change) {
        progress.updateAndGet(change);
    }

    private static PersonIdent person(Actor actor, Instant time) {
        return new PersonIdent(actor.name(), actor.email(), time, ZoneOffset.UTC);
    }

    @Override
    public void close() {
        repository.close();
    }
}
