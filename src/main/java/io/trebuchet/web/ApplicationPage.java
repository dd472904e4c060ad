package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.trebuchet.api.Guard;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.PageRoutes;
import io.trebuchet.api.Requests;
import io.trebuchet.chart.ChartRelease;
import io.trebuchet.chart.ChartReleaseService;
import io.trebuchet.chart.ValuesDiff;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.Blocker;
import io.trebuchet.deploy.Blockers;
import io.trebuchet.deploy.DeployOutcome;
import io.trebuchet.deploy.DeployRequest;
import io.trebuchet.deploy.DeployService;
import io.trebuchet.deploy.Deployment;
import io.trebuchet.deploy.DeploymentChange;
import io.trebuchet.deploy.Hold;
import io.trebuchet.deploy.LockBehavior;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.freeze.Freeze;
import io.trebuchet.freeze.FreezeCalendar;
import io.trebuchet.imageautomation.ImageAutomationService;
import io.trebuchet.imageautomation.ScanState;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockChange;
import io.trebuchet.lock.LockFilter;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockKind;
import io.trebuchet.lock.LockRequest;
import io.trebuchet.lock.LockService;
import io.trebuchet.lock.LockTarget;
import io.trebuchet.lock.LockView;
import io.trebuchet.overview.Overview;
import io.trebuchet.overview.OverviewService;
import io.trebuchet.policy.Finding;
import io.trebuchet.policy.Policies;
import io.trebuchet.policy.Violation;
import io.trebuchet.release.Release;
import io.trebuchet.release.ReleaseService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /applications/{app}}: the releases of an application, where it runs, and the actions a person can take there:
 * deploy the selected release to an environment (and lock it there), lock or unlock the application in an environment,
 * remove it from one. A deploy that a lock or freeze window stands in the way of is refused first and explained; the
 * person may then confirm going through it ({@code lockBehavior=ignore}). An action's outcome, or the reason it was
 * refused, is shown in the row of the environment it was about.
 */
final class ApplicationPage implements HttpResource {
    static final int RELEASES_PER_PAGE = 20;
    static final int HISTORY_ENTRIES = 30;

    private final Pages pages;
    private final OverviewService overview;
    private final EnvironmentService environments;
    private final ReleaseService releases;
    private final DeployService deploys;
    private final LockService locks;
    private final ImageAutomationService imageAutomation;
    private final ChartReleaseService chartReleases;

    ApplicationPage(
            Pages pages,
            OverviewService overview,
            EnvironmentService environments,
            ReleaseService releases,
            DeployService deploys,
            LockService locks,
            ImageAutomationService imageAutomation,
            ChartReleaseService chartReleases) {
        this.pages = requireNonNull(pages, "pages is null");
        this.overview = requireNonNull(overview, "overview is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.releases = requireNonNull(releases, "releases is null");
        this.deploys = requireNonNull(deploys, "deploys is null");
        this.locks = requireNonNull(locks, "locks is null");
        this.imageAutomation = requireNonNull(imageAutomation, "imageAutomation is null");
        this.chartReleases = requireNonNull(chartReleases, "chartReleases is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        PageRoutes.get(routes, "/applications/{app}", pages.handler(this::show));
        PageRoutes.post(routes, "/applications/{app}/environments/{env}/deploy", pages.handler(this::deploy));
        PageRoutes.post(routes, "/applications/{app}/environments/{env}/remove", pages.handler(this::remove));
        PageRoutes.post(routes, "/applications/{app}/environments/{env}/lock", pages.handler(this::lock));
        PageRoutes.post(routes, "/applications/{app}/environments/{env}/unlock", pages.handler(this::unlock));
        PageRoutes.post(
                routes, "/applications/{app}/environments/{env}/release-hold", pages.handler(this::releaseHold));
    }

    private void show(Context context) {
        AppName application = Requests.application(context);
        Optional<Version> selected = Requests.query(context, "release").map(Version::parse);
        Optional<Version> before = Requests.query(context, "before").map(Version::parse);
        ApplicationView view = view(context, application, selected, before, Optional.empty());
        pages.render(context, 200, Pages.partial(context) ? Template.APPLICATION_MAIN : Template.APPLICATION, view);
    }

    /**
     * Deploys the form's version. With {@code andLock}, it also puts an application lock there, in the same
     * transaction (after the deploy, so that the new lock does not stop it). Without {@code lockBehavior=ignore}, a
     * lock or freeze in the way turns into a question; with it, the deploy goes through and says what it went through.
     */
    private void deploy(Context context) {
        AppName application = Requests.application(context);
        EnvName environment = Requests.environment(context);
        Optional<Version> selected = formVersion(context, "version");
        boolean andLock = LockForms.field(context, "andLock").isPresent();
        String lockMessage = LockForms.field(context, "lockMessage").orElse("");
        act(context, application, environment, selected, () -> {
            Version version = selected.orElseThrow(() ->
                    new TrebuchetException(ErrorCode.INVALID_VERSION, "The form did not say which version to deploy."));
            boolean ignore = LockForms.field(context, "lockBehavior")
                    .map(value -> LockBehavior.fromLabel(value) == LockBehavior.IGNORE)
                    .orElse(false);
            DeployRequest request = DeployRequest.manual(
                    application, environment, version, ignore ? LockBehavior.IGNORE : LockBehavior.FAIL);
            Actor actor = Requests.actor(context);
            try {
                if (!andLock) {
                    return Outcome.done(deployed(deploys.deploy(request, actor), environment, version));
                }
                LockRequest lock = LockRequest.of(
                        lockMessage.isEmpty()
                                ? "Keep v%s here (deployed and locked in the UI).".formatted(version)
                                : lockMessage);
                LockId id = pages.newLockId();
                DeployOutcome outcome =
                        deploys.deployAndLock(request, id, lock, actor).deploy();
                return Outcome.done(deployed(outcome, environment, version)
                        + " Locked %s in %s (lock '%s'): automation leaves it there until someone unlocks it."
                                .formatted(application, environment, id));
            } catch (TrebuchetException e) {
                if (e.code() != ErrorCode.DEPLOYMENT_BLOCKED || ignore) {
                    throw e;
                }
                List<String> blockers = blockers(e, environment);
                return Outcome.confirm(new ApplicationView.Confirmation(
                        version,
                        blockers.isEmpty() ? List.of(ErrorSentences.of(e, Map.of())) : blockers,
                        andLock,
                        lockMessage));
            }
        });
    }

    private static String deployed(DeployOutcome outcome, EnvName environment, Version version) {
        return switch (outcome.result()) {
            case UNCHANGED -> "%s runs v%s already; nothing changed.".formatted(environment, version);
            case QUEUED -> "v%s is queued in %s: something blocks it.".formatted(version, environment);
            case DEPLOYED ->
                "Deployed v%s to %s%s%s."
                        .formatted(
                                version,
                                environment,
                                outcome.previousVersion()
                                        .map(previous -> " (it ran v" + previous + ")")
                                        .orElse(""),
                                outcome.blockedBy().isEmpty()
                                        ? ""
                                        : outcome.blockedBy().size() == 1
                                                ? " through 1 lock or freeze, which stays in place"
                                                : " through %d locks or freezes, which stay in place"
                                                        .formatted(outcome.blockedBy()
                                                                .size()));
        };
    }

    /** What the service said blocks the deploy, in plain words. */
    private List<String> blockers(TrebuchetException refusal, EnvName environment) {
        Instant now = pages.now();
        if (!(refusal.details().get("blockedBy") instanceof List<?> blockers)) {
            return List.of();
        }
        return blockers.stream()
                .filter(Blocker.class::isInstance)
                .map(blocker -> BlockerText.of((Blocker) blocker, environment, now))
                .toList();
    }

    private void remove(Context context) {
        AppName application = Requests.application(context);
        EnvName environment = Requests.environment(context);
        act(context, application, environment, formVersion(context, "release"), () -> {
            Deployment removed = deploys.remove(application, environment, Requests.actor(context));
            return Outcome.done(
                    "Removed %s from %s (it ran v%s).".formatted(application, environment, removed.version()));
        });
    }

    /** Puts an application lock in the environment, with the form's message and optional expiry. */
    private void lock(Context context) {
        AppName application = Requests.application(context);
        EnvName environment = Requests.environment(context);
        Form form = new Form(Form.LOCK_LABELS, Optional.of(LockForms.draft(context)));
        act(context, application, environment, formVersion(context, "release"), form, () -> {
            LockRequest request = LockForms.request(context);
            LockId id = pages.newLockId();
            LockChange change = locks.put(
                    new LockTarget.Application(environment, application), id, request, Requests.actor(context));
            return Outcome.done("Locked %s in %s (lock '%s'%s): automation leaves it there until someone unlocks it."
                    .formatted(
                            application,
                            environment,
                            id,
                            change.lock()
                                    .expiresAt()
                                    .map(at -> ", expires " + Age.time(at))
                                    .orElse("")));
        });
    }

    private void unlock(Context context) {
        AppName application = Requests.application(context);
        EnvName environment = Requests.environment(context);
        act(context, application, environment, formVersion(context, "release"), () -> {
            Lock removed = locks.delete(
                    new LockTarget.Application(environment, application),
                    LockForms.id(context),
                    Requests.actor(context));
            return Outcome.done(
                    "Removed lock '%s' from %s in %s. A queued version is not deployed by itself: deploy it when ready."
                            .formatted(removed.id(), application, environment));
        });
    }

    private void releaseHold(Context context) {
        AppName application = Requests.application(context);
        EnvName environment = Requests.environment(context);
        act(context, application, environment, formVersion(context, "release"), () -> {
            Hold released = deploys.releaseHold(application, environment, Requests.actor(context));
            return Outcome.done(("Released the hold of %s at version %s in %s: automation may change it there again."
                            + " A queued version is not deployed by itself: deploy it when ready.")
                    .formatted(application, released.version(), environment));
        });
    }

    /**
     * What an action did: a sentence, or a question to confirm going through what blocks it; for a refused lock, what
     * the person typed, to show again.
     */
    private record Outcome(
            Optional<Message> message,
            Optional<ApplicationView.Confirmation> confirmation,
            Optional<ApplicationView.LockDraft> lockDraft) {
        static Outcome done(String text) {
            return new Outcome(Optional.of(Message.done(text)), Optional.empty(), Optional.empty());
        }

        static Outcome confirm(ApplicationView.Confirmation confirmation) {
            return new Outcome(Optional.empty(), Optional.of(confirmation), Optional.empty());
        }
    }

    /**
     * The form an action was sent from, as far as a refusal needs it: its labels by the API field they fill (so that
     * the refusal names what the person sees), and what they typed into a lock form.
     */
    private record Form(Map<String, String> labels, Optional<ApplicationView.LockDraft> lockDraft) {
        static final Form BUTTON = new Form(Map.of(), Optional.empty());
        static final Map<String, String> LOCK_LABELS = LockForms.LABELS;

        Form {
            labels = Map.copyOf(labels);
            requireNonNull(lockDraft, "lockDraft is null");
        }
    }

    /** An action's outcome in the row of its environment. */
    private record RowOutcome(EnvName environment, Outcome outcome) {}

    /** What an action does; it throws when the services refuse it. */
    @FunctionalInterface
    private interface Action {
        Outcome run();
    }

    /**
     * Runs an action after checking the form's token, then shows the page again with the outcome in the row of the
     * environment. Without htmx, a successful action redirects to the page (so that reloading does not repeat it).
     * A question to confirm is answered with 409: the action was refused and changed nothing.
     */
    private void act(
            Context context, AppName application, EnvName environment, Optional<Version> selected, Action action) {
        act(context, application, environment, selected, Form.BUTTON, action);
    }

    private void act(
            Context context,
            AppName application,
            EnvName environment,
            Optional<Version> selected,
            Form form,
            Action action) {
        Outcome outcome;
        int status;
        try {
            pages.checkForm(context);
            outcome = action.run();
            status = outcome.confirmation().isPresent() ? ErrorCode.DEPLOYMENT_BLOCKED.httpStatus() : 200;
        } catch (TrebuchetException e) {
            outcome = new Outcome(
                    Optional.of(Message.error(ErrorSentences.of(e, form.labels()))),
                    Optional.empty(),
                    form.lockDraft());
            status = e.code().httpStatus();
        }
        if (!Pages.partial(context) && status == 200) {
            context.redirect(
                    "/applications/" + application
                            + selected.map(version -> "?release=" + version).orElse(""),
                    HttpStatus.SEE_OTHER);
            return;
        }
        ApplicationView view = view(
                context, application, selected, Optional.empty(), Optional.of(new RowOutcome(environment, outcome)));
        pages.render(context, status, Pages.partial(context) ? Template.APPLICATION_MAIN : Template.APPLICATION, view);
    }

    private static Optional<Version> formVersion(Context context, String field) {
        return Optional.ofNullable(context.formParam(field))
                .filter(value -> !value.isBlank())
                .map(Version::parse);
    }

    private ApplicationView view(
            Context context,
            AppName application,
            Optional<Version> selectedVersion,
            Optional<Version> before,
            Optional<RowOutcome> outcome) {
        Instant now = pages.now();
        Guard guard = Guard.of(context);
        Overview.Application row = overview.application(application);
        List<Environment> ordered = environments.list();
        List<Release> page = releases.releases(application, before, RELEASES_PER_PAGE);
        Optional<Release> selected = selectedVersion
                .or(row::latestVersion)
                .map(version -> page.stream()
                        .filter(release -> release.version().equals(version))
                        .findFirst()
                        .orElseGet(() -> releases.release(application, version)));
        Optional<Release> previous =
                selected.flatMap(release -> releases.releases(application, Optional.of(release.version()), 1).stream()
                        .findFirst());
        Map<Version, Map<EnvName, List<Violation>>> violations = new HashMap<>();
        Map<Version, Release> known = new HashMap<>();
        page.forEach(release -> known.put(release.version(), release));
        selected.ifPresent(release -> known.put(release.version(), release));
        Map<EnvName, List<LockView>> environmentLocks = locks
                .list(new LockFilter(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(LockKind.ENVIRONMENT),
                        Optional.empty()))
                .stream()
                .collect(Collectors.groupingBy(lock -> lock.lock().environment()));
        Map<EnvName, Version> deployed = new LinkedHashMap<>();
        row.environments().forEach((environment, cell) -> deployed.put(environment, cell.version()));

        List<ApplicationView.EnvironmentRow> rows = ordered.stream()
                .map(environment -> {
                    EnvName name = environment.name();
                    Optional<Overview.Cell> cell =
                            Optional.ofNullable(row.environments().get(name));
                    Optional<Version> running = cell.map(Overview.Cell::version);
                    List<LockView> covering = new ArrayList<>(environmentLocks.getOrDefault(name, List.of()));
                    covering.addAll(row.locks().getOrDefault(name, List.of()));
                    Optional<Freeze> freeze =
                            FreezeCalendar.check(environment.config().freezeWindows(), now);
                    List<CellNote> notes = new ArrayList<>();
                    freeze.ifPresent(found -> notes.add(CellNotes.freeze(found, name, now)));
                    Optional<Hold> hold = Optional.ofNullable(row.holds().get(name));
                    hold.ifPresent(found -> notes.add(OverviewRows.held(found, now)));
                    notes.addAll(CellNotes.warnings(
                            PolicyFindings.others(row.warnings().getOrDefault(name, List.of()))));
                    List<String> blockers = Blockers.of(
                                    covering.stream().map(LockView::lock).toList(),
                                    environment.config().freezeWindows(),
                                    application,
                                    row.team(),
                                    now)
                            .stream()
                            .map(blocker -> BlockerText.of(blocker, name, now))
                            .toList();
                    Function<Version, List<Finding>> policyErrors = version -> Policies.errors(environment
                            .config()
                            .policyRules()
                            .judge(violations
                                    .computeIfAbsent(version, found -> releases.violations(application, found))
                                    .getOrDefault(name, List.of())));
                    Optional<String> deployRefusal = guard.refusal(
                            io.trebuchet.auth.Action.DEPLOY_RELEASE, guard.application(name, application));
                    Optional<ApplicationView.Deploy> promote = ReleaseActions.promotion(
                                    environment.config().upstream(), deployed, row.latestVersion(), running)
                            .filter(promotion -> selectedVersion.isEmpty()
                                    || selectedVersion.get().equals(promotion.version()))
                            // A version without a manifest here is not promoted: the selected release says why.
                            .filter(promotion -> known.computeIfAbsent(
                                            promotion.version(), version -> releases.release(application, version))
                                    .hasManifestFor(name))
                            .map(promotion -> {
                                Release release = known.get(promotion.version());
                                return new ApplicationView.Deploy(
                                        release.version(),
                                        ReleaseActions.promote(
                                                release,
                                                promotion,
                                                name,
                                                running,
                                                policyErrors.apply(release.version()),
                                                blockers));
                            });
                    Optional<ApplicationView.Deploy> deploy = promote.or(() ->
                                    selected.map(release -> new ApplicationView.Deploy(
                                            release.version(),
                                            ReleaseActions.deploy(
                                                    release,
                                                    name,
                                                    running,
                                                    policyErrors.apply(release.version()),
                                                    blockers))))
                            .map(found -> new ApplicationView.Deploy(
                                    found.version(), ReleaseActions.permitted(deployRefusal, found.action())));
                    List<ApplicationView.Choice> choices = page.stream()
                            .filter(release -> release.hasManifestFor(name))
                            .filter(release ->
                                    running.filter(release.version()::equals).isEmpty())
                            .filter(release -> deploy.filter(
                                            found -> found.version().equals(release.version()))
                                    .isEmpty())
                            .map(release -> new ApplicationView.Choice(
                                    release.version(),
                                    ReleaseActions.label(release.version(), running)
                                            + release.displayVersion()
                                                    .map(display -> " (" + display + ")")
                                                    .orElse("")))
                            .toList();
                    Optional<Outcome> here = outcome.filter(
                                    found -> found.environment().equals(name))
                            .map(RowOutcome::outcome);
                    return new ApplicationView.EnvironmentRow(
                            name,
                            environment.group(),
                            OverviewRows.upstreamText(environment.config().upstream()),
                            cell.map(found -> OverviewRows.deployed(found, now)),
                            Optional.ofNullable(row.queued().get(name)).map(queued -> OverviewRows.queued(queued, now)),
                            notes,
                            covering.stream().map(lock -> LockRow.of(lock, now)).toList(),
                            deploy,
                            choices,
                            deployRefusal.isEmpty(),
                            ReleaseActions.permitted(
                                    guard.refusal(
                                            io.trebuchet.auth.Action.DELETE_ENVIRONMENT_APPLICATION,
                                            guard.application(name, application)),
                                    ReleaseActions.remove(name, running)),
                            here.flatMap(Outcome::message),
                            here.flatMap(Outcome::confirmation),
                            guard.refusal(io.trebuchet.auth.Action.CREATE_LOCK, guard.application(name, application))
                                    .map(reason -> "You may not lock it here: %s.".formatted(reason)),
                            guard.refusal(io.trebuchet.auth.Action.DELETE_LOCK, guard.application(name, application))
                                    .map(reason -> "You may not unlock it here: %s.".formatted(reason)),
                            hold.isPresent(),
                            guard.refusal(io.trebuchet.auth.Action.DEPLOY_RELEASE, guard.application(name, application))
                                    .map(reason -> "You may not release the hold here: %s.".formatted(reason)),
                            here.flatMap(Outcome::lockDraft));
                })
                .toList();

        Optional<ApplicationView.SelectedRelease> selectedView =
                selected.map(release -> new ApplicationView.SelectedRelease(
                        release.version(),
                        release.displayVersion(),
                        release.sourceCommitId(),
                        release.sourceAuthor(),
                        release.sourceMessage(),
                        release.ciLink().filter(link -> link.startsWith("https://") || link.startsWith("http://")),
                        Age.since(release.createdAt(), now),
                        Age.time(release.createdAt()),
                        release.createdBy().name(),
                        ManifestChanges.group(ordered.stream()
                                .map(Environment::name)
                                .filter(release::hasManifestFor)
                                .map(name -> ManifestChanges.of(name, release, previous))
                                .toList()),
                        chartPanel(application, release, previous, ordered)));

        String beforeParameter = before.map(version -> "&before=" + version).orElse("");
        Map<Version, String> charts = chartReleases.chartVersions(
                application, page.stream().map(Release::version).toList());
        List<ApplicationView.ReleaseRow> releaseRows = page.stream()
                .map(release -> new ApplicationView.ReleaseRow(
                        release.version(),
                        release.displayVersion(),
                        release.sourceCommitId(),
                        release.sourceAuthor(),
                        release.sourceMessage(),
                        Age.since(release.createdAt(), now),
                        Age.time(release.createdAt()),
                        ordered.stream()
                                .map(Environment::name)
                                .filter(name -> release.version().equals(deployed.get(name)))
                                .toList(),
                        selected.map(chosen -> chosen.version().equals(release.version()))
                                .orElse(false),
                        "/applications/%s?release=%s%s".formatted(application, release.version(), beforeParameter),
                        Optional.ofNullable(charts.get(release.version()))))
                .toList();
        Optional<String> older = page.size() < RELEASES_PER_PAGE
                ? Optional.empty()
                : Optional.of("/applications/%s?before=%s"
                        .formatted(application, page.getLast().version()));

        List<ApplicationView.HistoryRow> history =
                deploys.history(application, Optional.empty(), Long.MAX_VALUE, HISTORY_ENTRIES).stream()
                        .map(change -> historyRow(change, now))
                        .toList();

        return new ApplicationView(
                pages.chrome(context, application.value(), Nav.OVERVIEW),
                application,
                row.team(),
                row.latestVersion(),
                rows,
                selectedView,
                selectedVersion,
                PolicyFindings.group(ordered.stream().map(Environment::name).toList(), row.warnings()),
                releaseRows,
                older,
                history,
                imageSources(application, now),
                outcome.filter(found -> ordered.stream()
                                .noneMatch(environment -> environment.name().equals(found.environment())))
                        .flatMap(found -> found.outcome().message()));
    }

    /** The application's image sources with what their last scan found and did. */
    private List<ApplicationView.ImageSourceRow> imageSources(AppName application, Instant now) {
        return imageAutomation.list().stream()
                .filter(view -> view.source().application().equals(application))
                .map(view -> {
                    ScanState state = view.state();
                    return new ApplicationView.ImageSourceRow(
                            view.source().name(),
                            view.source().image().toString(),
                            view.source().policy().describe(),
                            "every " + view.source().interval().text(),
                            state.scannedAt().map(at -> Age.since(at, now)),
                            state.scannedAt().map(Age::time),
                            state.newestTag(),
                            state.releasedTag(),
                            state.releasedVersion(),
                            state.lastError().or(state::outcome).map(Age::times),
                            state.lastError().isPresent());
                })
                .toList();
    }

    /**
     * The chart {@code release} was rendered from, if it was, with its values' changes against {@code previous}'s per
     * environment (grouped where they are the same); empty changes when the previous release was not a chart release.
     */
    private Optional<ApplicationView.ChartPanel> chartPanel(
            AppName application, Release release, Optional<Release> previous, List<Environment> ordered) {
        return chartReleases.find(application, release.version()).map(chart -> {
            Optional<ChartRelease> before =
                    previous.flatMap(earlier -> chartReleases.find(application, earlier.version()));
            Map<List<ValuesDiff.Change>, List<EnvName>> groups = new LinkedHashMap<>();
            before.ifPresent(earlier -> ordered.stream()
                    .map(Environment::name)
                    .filter(chart.values()::containsKey)
                    .forEach(name -> {
                        List<ValuesDiff.Change> changes = ValuesDiff.between(
                                earlier.values().getOrDefault(name, Map.of()),
                                chart.values().get(name));
                        if (!changes.isEmpty()) {
                            groups.computeIfAbsent(changes, key -> new ArrayList<>())
                                    .add(name);
                        }
                    }));
            return new ApplicationView.ChartPanel(
                    chart.reference(),
                    chart.chartName() + " " + chart.chartVersion(),
                    chart.appVersion(),
                    chart.digest(),
                    before.map(ChartRelease::version),
                    groups.entrySet().stream()
                            .map(entry -> new ApplicationView.ValuesGroup(entry.getValue(), entry.getKey()))
                            .toList());
        });
    }

    private static ApplicationView.HistoryRow historyRow(DeploymentChange change, Instant now) {
        String text;
        if (change.version().isEmpty()) {
            text = "removed"
                    + change.previousVersion()
                            .map(previous -> " (ran v" + previous + ")")
                            .orElse("");
        } else {
            text = change.previousVersion()
                            .map(previous -> "v" + previous + " → ")
                            .orElse("") + "v" + change.version().get();
        }
        return new ApplicationView.HistoryRow(
                Age.since(change.time(), now),
                Age.time(change.time()),
                change.environment(),
                text,
                change.actor().name(),
                ReasonWords.how(change.reason(), change.trainId()));
    }
}
