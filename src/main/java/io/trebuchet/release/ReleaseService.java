package io.trebuchet.release;

import static java.util.Objects.requireNonNull;

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
import io.trebuchet.store.StoreErrors;
import io.trebuchet.store.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
    private final EnvironmentService environments;
    private final EventLog events;
    private final Clock clock;

    public ReleaseService(
            Database database, ReleaseStore store, EnvironmentService environments, EventLog events, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.store = requireNonNull(store, "store is null");
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
        requireNonNull(request, "request is null");
        requireNonNull(actor, "actor is null");
        Handle handle = transaction.handle();
        Map<EnvName, Environment> targets = environmentsOf(handle, request);
        Instant now = clock.instant();
        AppName application = request.application();
        boolean newApplication = store.lockOrCreateApplication(handle, application, now);
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
                return new Accepted(existing.get(), false, application(handle, application), targets, Map.of());
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

        Optional<Application> before = newApplication ? Optional.empty() : store.findApplication(handle, application);
        request.team().ifPresent(team -> store.updateTeam(handle, application, team, now));
        if (newApplication) {
            events.append(
                    transaction,
                    actor,
                    NewEvent.ofApplication(
                            EventKind.APPLICATION_CREATED,
                            application,
                            EventPayload.ApplicationChanged.ofTeam(request.team())));
        } else if (request.team().isPresent()
                && !before.flatMap(Application::team).equals(request.team())) {
            events.append(
                    transaction,
                    actor,
                    NewEvent.ofApplication(
                            EventKind.APPLICATION_UPDATED,
                            application,
                            EventPayload.ApplicationChanged.ofTeam(request.team())));
        }
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
        return new Accepted(release, true, application(handle, application), targets, findings);
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
            List<Finding> judged =
                    targets.get(environment).config().policyRules().judge(found);
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

    /** The environments the release has manifests for, read once; all must exist. */
    private Map<EnvName, Environment> environmentsOf(Handle handle, ReleaseRequest request) {
        Map<EnvName, Environment> targets = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (EnvName environment : request.manifests().keySet()) {
            environments
                    .find(handle, environment)
                    .ifPresentOrElse(found -> targets.put(environment, found), () -> unknown.add(environment.value()));
        }
        if (!unknown.isEmpty()) {
            Collections.sort(unknown);
            throw new TrebuchetException(
                    ErrorCode.UNKNOWN_ENVIRONMENT,
                    "the release has manifests for environments that do not exist: %s; create them first"
                            .formatted(String.join(", ", unknown)),
                    Map.of("environments", unknown));
        }
        return targets;
    }

    /** Declares an application in its own transaction; see {@link #putApplication(Transaction, AppName, ApplicationSpec, Actor)}. */
    public ApplicationChange putApplication(AppName name, ApplicationSpec spec, Actor actor) {
        return database.inTransaction(transaction -> putApplication(transaction, name, spec, actor));
    }

    /**
     * Creates an application that has no release yet, or sets its team, stack, template and values, inside the
     * caller's transaction: what configuration as code and {@code PUT /api/v1/applications/{app}} declare. Declaring
     * it as it is changes nothing and records no event. The stack must exist.
     */
    public ApplicationChange putApplication(Transaction transaction, AppName name, ApplicationSpec spec, Actor actor) {
        requireNonNull(name, "name is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(actor, "actor is null");
        Handle handle = transaction.handle();
        Instant now = clock.instant();
        boolean created = store.lockOrCreateApplication(handle, name, now);
        ApplicationSpec before = spec(handle, name);
        if (!created && before.equals(spec)) {
            return new ApplicationChange(application(handle, name), false, false);
        }
        spec.settings().environmentValues().keySet().forEach(environment -> environments.get(handle, environment));
        spec.settings().environments().forEach(environment -> environments.get(handle, environment));
        try {
            store.setSpec(handle, name, spec, now);
        } catch (RuntimeException e) {
            if (StoreErrors.isForeignKeyViolation(e)) {
                throw new TrebuchetException(
                        ErrorCode.STACK_NOT_FOUND,
                        "stack %s does not exist; create it first"
                                .formatted(spec.stack().orElseThrow()),
                        Map.of("stack", spec.stack().map(Object::toString).orElse("")));
            }
            throw e;
        }
        events.append(
                transaction,
                actor,
                NewEvent.ofApplication(
                        created ? EventKind.APPLICATION_CREATED : EventKind.APPLICATION_UPDATED,
                        name,
                        new EventPayload.ApplicationChanged(
                                spec.team(),
                                spec.stack(),
                                spec.settings().template().isPresent(),
                                created ? Optional.empty() : before.team(),
                                created ? Optional.empty() : before.stack())));
        return new ApplicationChange(application(handle, name), created, true);
    }

    /** What is declared about an application. */
    public ApplicationSpec spec(Handle handle, AppName name) {
        Application application = application(handle, name);
        return new ApplicationSpec(application.team(), application.stack(), store.settings(handle, name));
    }

    public ApplicationSpec spec(AppName name) {
        return database.read(handle -> spec(handle, name));
    }

    /**
     * Deletes an application inside the caller's transaction; refused while it is deployed anywhere. Its releases
     * stay (history is never deleted): the application is archived, hidden until a release or a declaration brings it
     * back, with versions continuing after its last one.
     */
    public Application deleteApplication(Transaction transaction, AppName name, Actor actor) {
        requireNonNull(name, "name is null");
        requireNonNull(actor, "actor is null");
        Handle handle = transaction.handle();
        if (!store.lockApplication(handle, name)) {
            throw Application.notFound(name);
        }
        Application application = application(handle, name);
        List<String> deployedIn = store.deployedIn(handle, name);
        if (!deployedIn.isEmpty()) {
            throw new TrebuchetException(
                    ErrorCode.APPLICATION_IN_USE,
                    "application %s is still deployed in %s; undeploy it first"
                            .formatted(name, String.join(", ", deployedIn)),
                    Map.of("application", name.value(), "environments", deployedIn));
        }
        store.archiveApplication(handle, name, clock.instant());
        events.append(
                transaction,
                actor,
                NewEvent.ofApplication(
                        EventKind.APPLICATION_DELETED,
                        name,
                        new EventPayload.ApplicationDeleted(application.team(), store.countReleases(handle, name))));
        return application;
    }

    public List<Application> applications() {
        return database.read(store::listApplications);
    }

    public Application application(AppName name) {
        return database.read(handle -> application(handle, name));
    }

    public Application application(Handle handle, AppName name) {
        return store.findApplication(handle, name).orElseThrow(() -> Application.notFound(name));
    }

    public Release release(AppName application, Version version) {
        return database.read(handle -> release(handle, application, version));
    }

    public Release release(Handle handle, AppName application, Version version) {
        return store.findRelease(handle, application, version).orElseThrow(() -> {
            application(handle, application);
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

    /** A page of an application's releases, newest first. */
    public List<Release> releases(AppName application, Optional<Version> before, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST, "limit must be between 1 and %d, got %d".formatted(MAX_PAGE, limit));
        }
        return database.read(handle -> {
            application(handle, application);
            return store.listReleases(handle, application, before, limit);
        });
    }
}
