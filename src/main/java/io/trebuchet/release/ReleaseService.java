package io.trebuchet.release;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.Application;
import io.trebuchet.application.ApplicationService;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventLog;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.audit.NewEvent;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.policy.Finding;
import io.trebuchet.policy.Policies;
import io.trebuchet.policy.PolicyCheck;
import io.trebuchet.policy.PolicyRefusal;
import io.trebuchet.policy.Violation;
import io.trebuchet.store.Database;
import io.trebuchet.store.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Accepts releases and answers questions about applications and their releases. Deploying a new release where
 * {@code latest} is followed is the deploy feature's (its {@code ReleaseIntakeService} calls {@link #create} and then
 * deploys, in one transaction, with what {@link Accepted} holds).
 */
public final class ReleaseService {
    public static final int MAX_PAGE = 100;

    private final Database database;
    private final ReleaseStore store;
    private final ApplicationService applications;
    private final EnvironmentService environments;
    private final EventLog events;
    private final Clock clock;

    public ReleaseService(
            Database database,
            ReleaseStore store,
            ApplicationService applications,
            EnvironmentService environments,
            EventLog events,
            Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.store = requireNonNull(store, "store is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * What accepting a release read and decided, for what happens next in the same transaction: the release (new, or
     * the same one again when {@code created} is false), its application, the environments it has manifests for, and
     * the policy findings of each manifest as its environment judges them.
     */
    public record Accepted(
            Release release,
            boolean created,
            Application application,
            Map<EnvName, Environment> environments,
            Map<EnvName, List<Finding>> findings) {
        public Accepted {
            requireNonNull(release, "release is null");
            requireNonNull(application, "application is null");
            environments = Map.copyOf(environments);
            findings = Map.copyOf(findings);
        }
    }

    /**
     * Creates the release inside the caller's transaction, or answers that the same release exists already; refuses a
     * different release under an existing version, naming the first field that differs, and a release whose manifest
     * breaks a rule its environment treats as an error.
     */
    public Accepted create(Transaction transaction, ReleaseRequest request, Actor actor) {
        return create(transaction, request, actor, clock.instant());
    }

    /**
     * Creates the release as made at {@code createdAt}: an import keeps the time the release was made elsewhere, so
     * that its history does not start on the day of the move.
     */
    public Accepted create(Transaction transaction, ReleaseRequest request, Actor actor, Instant createdAt) {
        requireNonNull(request, "request is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(createdAt, "createdAt is null");
        Handle handle = transaction.handle();
        Map<EnvName, Environment> targets = environmentsOf(handle, request);
        Instant now = createdAt;
        AppName application = request.application();
        boolean newApplication = applications.lockOrCreate(handle, application);
        if (request.version().isPresent()) {
            Optional<Release> existing =
                    store.findRelease(handle, application, request.version().get());
            if (existing.isPresent()) {
                Optional<String> difference = existing.get().firstDifference(request);
                if (difference.isPresent()) {
                    throw new TrebuchetException(
                            ErrorCode.RELEASE_CONFLICT,
                            "release %s of %s exists already and differs in %s; releases are immutable, so use a new version"
                                    .formatted(request.version().get(), application, difference.get()),
                            Map.of(
                                    "application", application.value(),
                                    "version", request.version().get().value(),
                                    "firstDifferingField", difference.get()));
                }
                return new Accepted(existing.get(), false, applications.get(handle, application), targets, Map.of());
            }
        }
        Map<EnvName, List<Violation>> violations = new TreeMap<>();
        Map<EnvName, List<Finding>> findings = judge(request, targets, violations);
        Version version = request.version().orElseGet(() -> store.nextVersion(handle, application));
        Release release = new Release(
                application,
                version,
                request.manifests(),
                request.team(),
                request.sourceCommitId(),
                request.sourceAuthor(),
                request.sourceMessage(),
                request.displayVersion(),
                request.ciLink(),
                now,
                actor);

        applications.announcedBy(transaction, application, newApplication, request.team(), actor);
        store.insertRelease(handle, release, violations);
        events.append(
                transaction,
                actor,
                NewEvent.ofApplication(
                        EventKind.RELEASE_CREATED,
                        application,
                        new EventPayload.ReleaseCreated(
                                version,
                                List.copyOf(release.manifests().keySet()),
                                release.sourceCommitId(),
                                release.displayVersion())));
        return new Accepted(release, true, applications.get(handle, application), targets, findings);
    }

    /**
     * Checks every manifest against the policies, each judged by its environment's rules once; refuses the release
     * when a manifest breaks a rule its environment treats as an error, naming every such violation. Fills {@code
     * violations} with what each manifest breaks, as stored with the release.
     */
    private static Map<EnvName, List<Finding>> judge(
            ReleaseRequest request, Map<EnvName, Environment> targets, Map<EnvName, List<Violation>> violations) {
        Map<EnvName, List<Finding>> findings = new TreeMap<>();
        Map<EnvName, List<Finding>> errors = new TreeMap<>();
        request.manifests().forEach((environment, manifest) -> {
            List<Violation> found = PolicyCheck.check(manifest.content());
            violations.put(environment, found);
            // A manifest for an environment that does not exist yet is judged by the default rules.
            Policies rules = Optional.ofNullable(targets.get(environment))
                    .map(target -> target.config().policyRules())
                    .orElseGet(() -> Policies.of(Map.of()));
            List<Finding> judged = rules.judge(found);
            findings.put(environment, judged);
            List<Finding> refused = Policies.errors(judged);
            if (!refused.isEmpty()) {
                errors.put(environment, refused);
            }
        });
        if (!errors.isEmpty()) {
            throw PolicyRefusal.of("the release of " + request.application(), errors);
        }
        return findings;
    }

    /**
     * The environments the release has manifests for that exist, read once. Kuberpult stores a manifest for an
     * environment that does not exist (yet) with the release and deploys it nowhere; so does Trebuchet, and the
     * manifest is there to deploy once the environment is created.
     */
    private Map<EnvName, Environment> environmentsOf(Handle handle, ReleaseRequest request) {
        Map<EnvName, Environment> targets = new TreeMap<>();
        for (EnvName environment : request.manifests().keySet()) {
            environments.find(handle, environment).ifPresent(found -> targets.put(environment, found));
        }
        return targets;
    }

    public Release release(AppName application, Version version) {
        return database.read(handle -> release(handle, application, version));
    }

    public Release release(Handle handle, AppName application, Version version) {
        return store.findRelease(handle, application, version).orElseThrow(() -> {
            applications.get(handle, application);
            return new TrebuchetException(
                    ErrorCode.RELEASE_NOT_FOUND,
                    "application %s has no release %s".formatted(application, version),
                    Map.of("application", application.value(), "version", version.value()));
        });
    }

    /**
     * The policy violations of each manifest of a release, by environment; how much each counts is the environment's
     * decision ({@link io.trebuchet.environment.EnvironmentConfig#policyRules()}).
     */
    public Map<EnvName, List<Violation>> violations(AppName application, Version version) {
        return database.read(handle -> {
            release(handle, application, version);
            return store.violationsByEnvironment(handle, application, version);
        });
    }

    /** The release, if the application has it; for a feature deciding inside its own transaction. */
    public Optional<Release> find(Handle handle, AppName application, Version version) {
        return store.findRelease(handle, application, version);
    }

    /** The violations stored with a release's manifest for one environment; empty when it has none there. */
    public Optional<List<Violation>> violations(
            Handle handle, AppName application, Version version, EnvName environment) {
        return store.violations(handle, application, version, environment);
    }

    /** The releases built from a source commit, of every application. */
    public List<Release> releasesByCommit(Handle handle, String commit) {
        return store.findReleasesByCommit(handle, commit);
    }

    /** The newest release of an application that has a manifest for {@code environment}. */
    public Optional<Version> latestVersionFor(Handle handle, AppName application, EnvName environment) {
        return store.latestVersionFor(handle, application, environment);
    }

    /** A page of an application's releases, newest first. */
    public List<Release> releases(AppName application, Optional<Version> before, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST, "limit must be between 1 and %d, got %d".formatted(MAX_PAGE, limit));
        }
        return database.read(handle -> {
            applications.get(handle, application);
            return store.listReleases(handle, application, before, limit);
        });
    }
}
