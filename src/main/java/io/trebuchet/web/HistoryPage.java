package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.PageRoutes;
import io.trebuchet.application.Application;
import io.trebuchet.application.ApplicationService;
import io.trebuchet.audit.Event;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventLog;
import io.trebuchet.audit.EventQuery;
import io.trebuchet.audit.EventResource;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.store.Database;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /history}: the event log, newest first, filtered by application, environment, actor, kind and time, with
 * the same filters as {@code GET /api/v1/events}; {@code GET /history.csv} downloads every matching event as CSV.
 */
final class HistoryPage implements HttpResource {
    static final int PAGE_SIZE = 100;
    /** The filter form's labels by the query parameter each fills, so that a refusal names the field as shown. */
    static final Map<String, String> LABELS = Map.of(
            "application",
            "Application",
            "environment",
            "Environment",
            "actor",
            "Actor",
            "kind",
            "Kind",
            "since",
            "From",
            "until",
            "To");

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Pages pages;
    private final Database database;
    private final EventLog events;
    private final EnvironmentService environments;
    private final ApplicationService applications;

    HistoryPage(
            Pages pages,
            Database database,
            EventLog events,
            EnvironmentService environments,
            ApplicationService applications) {
        this.pages = requireNonNull(pages, "pages is null");
        this.database = requireNonNull(database, "database is null");
        this.events = requireNonNull(events, "events is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.applications = requireNonNull(applications, "applications is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        PageRoutes.get(routes, "/history", pages.handler(this::show));
        PageRoutes.get(routes, "/history.csv", pages.handler(this::csv));
    }

    /** The filter form as the person filled it in, so that a refused value can be corrected. */
    record Form(String application, String environment, String actor, String kind, String since, String until) {
        Form {
            requireNonNull(application, "application is null");
            requireNonNull(environment, "environment is null");
            requireNonNull(actor, "actor is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(since, "since is null");
            requireNonNull(until, "until is null");
        }

        static Form of(Context context) {
            return new Form(
                    QueryString.field(context, "application"),
                    QueryString.field(context, "environment"),
                    QueryString.field(context, "actor"),
                    QueryString.field(context, "kind"),
                    QueryString.field(context, "since"),
                    QueryString.field(context, "until"));
        }

        /** The filters as URL parameters. */
        QueryString query() {
            return new QueryString()
                    .add("application", application)
                    .add("environment", environment)
                    .add("actor", actor)
                    .add("kind", kind)
                    .add("since", since)
                    .add("until", until);
        }

        String csvLink() {
            return query().on("/history.csv");
        }

        String olderLink(long before) {
            return query().add("before", Long.toString(before)).on("/history");
        }

        boolean filtered() {
            return !query().isEmpty();
        }
    }

    /**
     * One event as the table shows it: its time on one line ({@code minute}), exact in {@code iso} and {@code exact}
     * with its age for the tooltip, and what happened as a sentence.
     */
    record Row(
            long id,
            String minute,
            String iso,
            String exact,
            String actorName,
            String actorEmail,
            EventKind kind,
            Optional<AppName> application,
            Optional<EnvName> environment,
            String summary,
            String payload) {
        Row {
            requireNonNull(minute, "minute is null");
            requireNonNull(iso, "iso is null");
            requireNonNull(exact, "exact is null");
            requireNonNull(actorName, "actorName is null");
            requireNonNull(actorEmail, "actorEmail is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(application, "application is null");
            requireNonNull(environment, "environment is null");
            requireNonNull(summary, "summary is null");
            requireNonNull(payload, "payload is null");
        }

        String kindText() {
            return EventSentences.kind(kind);
        }
    }

    /** A kind in the filter: its stable name, which the URL carries, and its words. */
    record KindOption(String value, String label) {
        KindOption {
            requireNonNull(value, "value is null");
            requireNonNull(label, "label is null");
        }
    }

    /** The page. */
    record View(
            Chrome chrome,
            Form form,
            List<KindOption> kinds,
            List<AppName> applications,
            List<EnvName> environments,
            List<Row> events,
            Optional<String> olderLink,
            Optional<Message> error) {
        View {
            requireNonNull(chrome, "chrome is null");
            requireNonNull(form, "form is null");
            kinds = List.copyOf(kinds);
            applications = List.copyOf(applications);
            environments = List.copyOf(environments);
            events = List.copyOf(events);
            requireNonNull(olderLink, "olderLink is null");
            requireNonNull(error, "error is null");
        }
    }

    private void show(Context context) {
        Form form = Form.of(context);
        Instant now = pages.now();
        List<Row> rows = List.of();
        Optional<String> older = Optional.empty();
        Optional<Message> error = Optional.empty();
        int status = 200;
        try {
            EventQuery query = EventResource.query(context, EventQuery.Order.NEWEST_FIRST, PAGE_SIZE);
            List<Event> page = database.read(handle -> events.list(handle, query));
            rows = page.stream().map(event -> row(event, now)).toList();
            if (page.size() == query.limit()) {
                older = Optional.of(form.olderLink(page.getLast().id()));
            }
        } catch (TrebuchetException e) {
            error = Optional.of(Message.error(ErrorSentences.of(e, LABELS)));
            status = e.code().httpStatus();
        }
        View view = new View(
                pages.chrome(context, "History", Nav.HISTORY),
                form,
                Arrays.stream(EventKind.values())
                        .map(kind -> new KindOption(kind.name(), EventSentences.kind(kind)))
                        .sorted(Comparator.comparing(KindOption::label))
                        .toList(),
                applications.list().stream().map(Application::name).sorted().toList(),
                environments.list().stream().map(Environment::name).toList(),
                rows,
                older,
                error);
        pages.render(context, status, Template.HISTORY, view);
    }

    /**
     * Every event that matches the filters, oldest first, up to the newest event when the download started, written
     * page by page so that a long log does not have to fit in memory.
     */
    private void csv(Context context) {
        EventQuery filters = EventResource.query(context, EventQuery.Order.OLDEST_FIRST, EventQuery.MAX_LIMIT);
        long newest = database.read(events::lastId);
        EventQuery query = new EventQuery(
                filters.after(),
                EventQuery.MAX_LIMIT,
                filters.application(),
                filters.environment(),
                filters.kind(),
                filters.actor(),
                filters.since(),
                filters.until(),
                Optional.of(newest + 1),
                EventQuery.Order.OLDEST_FIRST);
        context.contentType("text/csv; charset=utf-8");
        context.header(
                "Content-Disposition",
                "attachment; filename=\"trebuchet-history-%s.csv\"".formatted(FILE_TIME.format(pages.now())));
        try (Writer out = new BufferedWriter(new OutputStreamWriter(context.outputStream(), StandardCharsets.UTF_8))) {
            out.write(HistoryCsv.HEADER);
            EventQuery page = query;
            while (true) {
                EventQuery current = page;
                List<Event> found = database.read(handle -> events.list(handle, current));
                for (Event event : found) {
                    out.write(HistoryCsv.line(event));
                }
                if (found.size() < current.limit()) {
                    break;
                }
                page = current.next(found.getLast().id());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history CSV", e);
        }
    }

    private static Row row(Event event, Instant now) {
        return new Row(
                event.id(),
                Age.minute(event.time()),
                Age.iso(event.time()),
                Age.time(event.time()) + " (" + Age.since(event.time(), now) + ")",
                event.actor().name(),
                event.actor().email(),
                event.kind(),
                event.application(),
                event.environment(),
                EventSentences.of(event),
                Json.mapper().<JsonNode>valueToTree(event.payload()).toPrettyString());
    }
}
