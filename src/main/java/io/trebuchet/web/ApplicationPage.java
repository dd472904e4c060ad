package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.PageRoutes;
import io.trebuchet.api.Requests;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.DeployOutcome;
import io.trebuchet.deploy.DeployRequest;
import io.trebuchet.deploy.DeployService;
import io.trebuchet.deploy.Deployment;
import io.trebuchet.deploy.DeploymentChange;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.environment.Upstream;
import io.trebuchet.overview.Overview;
import io.trebuchet.overview.OverviewService;
import io.trebuchet.release.Release;
import io.trebuchet.release.ReleaseService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /applications/{app}}: the releases of an application, where it runs, and the actions a person can take there:
 * deploy the selected release to an environment, remove the application from one. An action's outcome, or the reason
 * it was refused, is shown in the row of the environment it was about.
 */
final class ApplicationPage implements HttpResource {
    static final int RELEASES_PER_PAGE = 20;
    static final int HISTORY_ENTRIES = 30;

    private final Pages pages;
    private final OverviewService overview;
    private final EnvironmentService environments;
    private final ReleaseService releases;
    private final DeployService deploys;

    ApplicationPage(
            Pages pages,
            OverviewService overview,
            EnvironmentService environments,
            ReleaseService releases,
            DeployService deploys) {
        this.pages = requireNonNull(pages, "pages is null");
        this.overview = requireNonNull(overview, "overview is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.releases = requireNonNull(releases, "releases is null");
        this.deploys = requireNonNull(deploys, "deploys is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        PageRoutes.get(routes, "/applications/{app}", pages.handler(this::show));
        PageRoutes.post(routes, "/applications/{app}/environments/{env}/deploy", pages.handler(this::deploy));
        PageRoutes.post(routes, "/applications/{app}/environments/{env}/remove", pages.handler(this::remove));
    }

    private void show(Context context) {
        AppName application = Requests.application(context);
        Optional<Version> selected = Requests.query(context, "release").map(Version::parse);
        Optional<Version> before = Requests.query(context, "before").map(Version::parse);
        ApplicationView view = view(context, application, selected, before, Optional.empty());
        pages.render(context, 200, Pages.partial(context) ? Template.APPLICATION_MAIN : Template.APPLICATION, view);
    }

    private void deploy(Context context) {
        AppName application = Requests.application(context);
        EnvName environment = Requests.environment(context);
        Optional<Version> selected = formVersion(context, "version");
        act(context, application, environment, selected, () -> {
            Version version = selected.orElseThrow(() ->
                    new TrebuchetException(ErrorCode.INVALID_VERSION, "The form did not say which version to deploy."));
            DeployOutcome outcome =
                    deploys.deploy(DeployRequest.manual(application, environment, version), Requests.actor(context));
            if (!outcome.changed()) {
                return "%s runs v%s already; nothing changed.".formatted(environment, version);
            }
            return "Deployed v%s to %s%s."
                    .formatted(
                            version,
                            environment,
                            outcome.previousVersion()
                                    .map(previous -> " (it ran v" + previous + ")")
                                    .orElse(""));
        });
    }

    private void remove(Context context) {
        AppName application = Requests.application(context);
        EnvName environment = Requests.environment(context);
        act(context, application, environment, formVersion(context, "release"), () -> {
            Deployment removed = deploys.remove(application, environment, Requests.actor(context));
            return "Removed %s from %s (it ran v%s).".formatted(application, environment, removed.version());
        });
    }

    /** What an action does, in a sentence; it throws when the services refuse it. */
    @FunctionalInterface
    private interface Action {
        String run();
    }

    /**
     * Runs an action after checking the form's token, then shows the page again with the outcome in the row of the
     * environment. Without htmx, a successful action redirects to the page (so that reloading does not repeat it).
     */
    private void act(
            Context context, AppName application, EnvName environment, Optional<Version> selected, Action action) {
        Message message;
        int status;
        try {
            pages.checkForm(context);
            message = Message.done(action.run());
            status = 200;
        } catch (TrebuchetException e) {
            message = Message.error(e.getMessage());
            status = e.code().httpStatus();
        }
        if (!Pages.partial(context) && !message.error()) {
            context.redirect(
                    "/applications/" + application
                            + selected.map(version -> "?release=" + version).orElse(""),
                    HttpStatus.SEE_OTHER);
            return;
        }
        ApplicationView view =
                view(context, application, selected, Optional.empty(), Optional.of(Map.entry(environment, message)));
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
            Optional<Map.Entry<EnvName, Message>> outcome) {
        Instant now = pages.now();
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

        Map<EnvName, Optional<EnvName>> upstreams = new LinkedHashMap<>();
        ordered.forEach(environment -> upstreams.put(
                environment.name(), environment.config().upstream().flatMap(Upstream::environment)));
        Map<EnvName, Version> deployed = new LinkedHashMap<>();
        row.environments().forEach((environment, cell) -> deployed.put(environment, cell.version()));
        Map<EnvName, List<String>> warnings = DeploymentOrderWarnings.of(upstreams, deployed);

        List<ApplicationView.EnvironmentRow> rows = ordered.stream()
                .map(environment -> {
                    EnvName name = environment.name();
                    Optional<Overview.Cell> cell =
                            Optional.ofNullable(row.environments().get(name));
                    Optional<Version> running = cell.map(Overview.Cell::version);
                    return new ApplicationView.EnvironmentRow(
                            name,
                            environment.group(),
                            OverviewRows.upstreamText(environment.config().upstream()),
                            cell.map(found -> new OverviewTable.Deployed(
                                    found.version(),
                                    found.displayVersion(),
                                    Age.since(found.deployedAt(), now),
                                    Age.time(found.deployedAt()),
                                    found.deployedBy().name(),
                                    found.reason())),
                            warnings.getOrDefault(name, List.of()).stream()
                                    .map(CellNote::warning)
                                    .toList(),
                            selected.map(release -> ReleaseActions.deploy(release, name, running)),
                            ReleaseActions.remove(name, running),
                            outcome.filter(entry -> entry.getKey().equals(name)).map(Map.Entry::getValue));
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
                        ordered.stream()
                                .map(Environment::name)
                                .filter(release::hasManifestFor)
                                .map(name -> ManifestChanges.of(name, release, previous))
                                .toList()));

        String beforeParameter = before.map(version -> "&before=" + version).orElse("");
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
                        "/applications/%s?release=%s%s".formatted(application, release.version(), beforeParameter)))
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
                releaseRows,
                older,
                history,
                outcome.filter(entry -> ordered.stream()
                                .noneMatch(environment -> environment.name().equals(entry.getKey())))
                        .map(Map.Entry::getValue));
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
                change.reason().label()
                        + change.trainId().map(train -> " " + train).orElse(""));
    }
}
