package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.PageRoutes;
import io.trebuchet.api.Requests;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.gitexport.ExportStatus;
import io.trebuchet.overview.Overview;
import io.trebuchet.overview.OverviewService;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /}: which version of which application runs where. The filter form updates the table in place (htmx)
 * and the URL with it; without JavaScript it is an ordinary form. The table polls {@code GET /?…&live=TOKEN} (see
 * {@link LiveToken}): 204 while nothing changed, which costs one row read, else the new table and export status.
 */
final class OverviewPage implements HttpResource {
    private final Pages pages;
    private final OverviewService overview;
    private final Supplier<ExportStatus> export;

    OverviewPage(Pages pages, OverviewService overview, Supplier<ExportStatus> export) {
        this.pages = requireNonNull(pages, "pages is null");
        this.overview = requireNonNull(overview, "overview is null");
        this.export = requireNonNull(export, "export is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        PageRoutes.get(routes, "/", pages.handler(this::show));
    }

    /** The whole page, and the table alone for htmx. */
    record View(
            Chrome chrome,
            OverviewFilter filter,
            List<TeamName> teams,
            List<StackName> stacks,
            OverviewTable table,
            long lastEventId,
            ExportLag lag,
            String replica,
            Optional<String> exportLeader,
            String liveToken,
            boolean partial) {
        View {
            requireNonNull(chrome, "chrome is null");
            requireNonNull(filter, "filter is null");
            teams = List.copyOf(teams);
            stacks = List.copyOf(stacks);
            requireNonNull(table, "table is null");
            requireNonNull(replica, "replica is null");
            requireNonNull(exportLeader, "exportLeader is null");
            requireNonNull(liveToken, "liveToken is null");
        }

        /** Where the table polls for changes: this view, and the token of what it shows. */
        String liveLink() {
            String link = filter.link(table.page());
            return link + (link.contains("?") ? "&" : "?") + "live=" + liveToken;
        }

        /** Whether the replica that answers is the one that runs the git export. */
        boolean exportsHere() {
            return exportLeader.filter(replica::equals).isPresent();
        }

        List<OverviewFilter.Grouping> groupings() {
            return List.of(OverviewFilter.Grouping.values());
        }
    }

    private void show(Context context) {
        Optional<String> live = Requests.query(context, "live");
        if (live.isPresent() && live.get().equals(LiveToken.of(overview.lastEventId(), export.get()))) {
            context.status(204);
            return;
        }
        OverviewFilter filter = new OverviewFilter(
                Requests.query(context, "name"),
                Requests.query(context, "team").map(TeamName::of),
                Requests.query(context, "stack").map(StackName::of),
                OverviewFilter.State.of(Requests.query(context, "state")),
                Requests.query(context, "sync").filter("out"::equals).isPresent(),
                OverviewFilter.Grouping.of(Requests.query(context, "group")),
                OverviewFilter.Sort.of(Requests.query(context, "sort")),
                OverviewFilter.collapsed(Requests.query(context, "collapse")),
                Requests.queryInt(context, "page", 1));
        Overview current = overview.overview();
        ExportStatus status = export.get();
        ExportLag lag = ExportLag.of(status, pages.now());
        View view = new View(
                pages.chrome(context, "Overview", Nav.OVERVIEW),
                filter,
                OverviewRows.teams(current),
                OverviewRows.stacks(current),
                OverviewRows.select(current, filter, pages.now(), OverviewRows.PAGE_SIZE, lag),
                current.lastEventId(),
                lag,
                status.replica(),
                status.leader(),
                LiveToken.of(current.lastEventId(), status),
                Pages.partial(context));
        if (Pages.partial(context) && live.isEmpty()) {
            // The address bar shows the filters that are set, not every empty field of the form.
            context.header("HX-Push-Url", filter.link(view.table().page()));
        }
        pages.render(context, 200, Pages.partial(context) ? Template.OVERVIEW_TABLE : Template.OVERVIEW, view);
    }
}
