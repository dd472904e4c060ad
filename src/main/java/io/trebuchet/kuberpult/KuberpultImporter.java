package io.trebuchet.kuberpult;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.core.EnvName;
import io.trebuchet.deploy.DeployOutcome;
import io.trebuchet.deploy.DeployRequest;
import io.trebuchet.deploy.DeployService;
import io.trebuchet.deploy.LockBehavior;
import io.trebuchet.environment.EnvironmentChange;
import io.trebuchet.environment.EnvironmentConfig;
import io.trebuchet.environment.EnvironmentGraph;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.lock.LockChange;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockRequest;
import io.trebuchet.lock.LockService;
import io.trebuchet.lock.LockTarget;
import io.trebuchet.release.Manifest;
import io.trebuchet.release.ReleaseRequest;
import io.trebuchet.release.ReleaseService;
import io.trebuchet.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Puts what a Kuberpult repository holds into the store, in one transaction: environments in upstream order, releases
 * (without auto-deploying them: the repository says what runs), the deployments, the queued versions, then the locks
 * (after the deployments, so that a lock does not stop the import from recording what already runs). Times and authors
 * are Kuberpult's where the repository has them, else the import's. Running it again on the same repository changes
 * nothing; a release that differs from one already stored under its version stops the import.
 */
public final class KuberpultImporter {
    private final Database database;
    private final EnvironmentService environments;
    private final ReleaseService releases;
    private final DeployService deployments;
    private final LockService locks;
    private final Clock clock;

    /**
     * Releases are created without being rolled out ({@link ReleaseService#create} alone, not the intake that also
     * auto-deploys): the import sets what runs where itself.
     */
    public KuberpultImporter(
            Database database,
            EnvironmentService environments,
            ReleaseService releases,
            DeployService deployments,
            LockService locks,
            Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.releases = requireNonNull(releases, "releases is null");
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.locks = requireNonNull(locks, "locks is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What an import changed. */
    public record Summary(
            int environmentsChanged,
            int releasesCreated,
            int releasesKnown,
            int deploymentsChanged,
            int deployments,
            int locksChanged,
            int locks,
            int queuedChanged,
            int queued) {}

    public Summary apply(KuberpultImport found, Actor actor) {
        requireNonNull(found, "found is null");
        requireNonNull(actor, "actor is null");
        Instant now = clock.instant();
        return database.inTransaction(transaction -> {
            int environmentsChanged = 0;
            Map<EnvName, EnvironmentConfig> configs = new TreeMap<>(found.environments());
            for (EnvName environment : EnvironmentGraph.of(configs).upstreamOrder()) {
                EnvironmentChange change = environments.put(transaction, environment, configs.get(environment), actor);
                environmentsChanged += change.changed() ? 1 : 0;
            }
            int created = 0;
            int known = 0;
            for (KuberpultImport.Release release : found.releases()) {
                Map<EnvName, Manifest> manifests = new TreeMap<>();
                release.manifests().forEach((environment, text) -> manifests.put(environment, Manifest.of(text)));
                ReleaseRequest request = new ReleaseRequest(
                        release.application(),
                        Optional.of(release.version()),
                        manifests,
                        found.teams().getOrDefault(release.application(), Optional.empty()),
                        release.sourceCommitId(),
                        release.sourceAuthor(),
                        release.sourceMessage(),
                        release.displayVersion(),
                        Optional.empty());
                ReleaseService.Accepted outcome = releases.create(
                        transaction, request, actor, release.createdAt().orElse(now));
                if (outcome.created()) {
                    created++;
                } else {
                    known++;
                }
            }
            int deploymentsChanged = 0;
            for (KuberpultImport.Deployment deployment : found.deployments()) {
                DeployOutcome outcome = deployments.deploy(
                        transaction,
                        DeployRequest.manual(
                                deployment.application(),
                                deployment.environment(),
                                deployment.version(),
                                LockBehavior.IGNORE),
                        deployment.deployed().author().orElse(actor),
                        deployment.deployed().at().orElse(now));
                deploymentsChanged += outcome.changed() ? 1 : 0;
            }
            int queuedChanged = 0;
            for (KuberpultImport.Queued queued : found.queued()) {
                boolean changed = deployments.queue(
                        transaction,
                        queued.application(),
                        queued.environment(),
                        queued.version(),
                        queued.queued().author().orElse(actor),
                        queued.queued().at().orElse(now),
                        "queued in Kuberpult");
                queuedChanged += changed ? 1 : 0;
            }
            int locksChanged = 0;
            for (KuberpultImport.Lock lock : found.locks()) {
                LockChange change = locks.put(
                        transaction,
                        target(lock),
                        LockId.of(lock.id()),
                        LockRequest.of(lock.message()),
                        Optional.empty(),
                        lock.created().author().orElse(actor),
                        lock.created().at().orElse(now));
                locksChanged += change.changed() ? 1 : 0;
            }
            return new Summary(
                    environmentsChanged,
                    created,
                    known,
                    deploymentsChanged,
                    found.deployments().size(),
                    locksChanged,
                    found.locks().size(),
                    queuedChanged,
                    found.queued().size());
        });
    }

    private static LockTarget target(KuberpultImport.Lock lock) {
        return switch (lock.kind()) {
            case ENVIRONMENT -> new LockTarget.Environment(lock.environment());
            case APPLICATION ->
                new LockTarget.Application(
                        lock.environment(), lock.application().orElseThrow());
            case TEAM -> new LockTarget.Team(lock.environment(), lock.team().orElseThrow());
        };
    }
}
