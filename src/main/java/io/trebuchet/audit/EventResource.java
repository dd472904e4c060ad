package io.trebuchet.audit;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.store.Database;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code GET /api/v1/events}: pages through the event log, oldest first unless asked otherwise, with filters. */
public final class EventResource implements HttpResource {
    private static final Pattern OFFSET = Pattern.compile("T.*[+-]\\d\\d:?\\d\\d$");

    private final Database database;
    private final EventLog events;

    public EventResource(Database database, EventLog events) {
        this.database = requireNonNull(database, "database is null");
        this.events = requireNonNull(events, "events is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/events", this::list);
    }

    private void list(Context context) {
        EventQuery query = query(context, EventQuery.Order.OLDEST_FIRST, EventQuery.DEFAULT_LIMIT);
        List<Event> page = database.read(handle -> events.list(handle, query));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", page);
        body.put("next", page.isEmpty() ? cursor(query) : page.getLast().id());
        context.json(body);
    }

    /** Where the next page starts when this one is empty: the same cursor again. */
    private static long cursor(EventQuery query) {
        return switch (query.order()) {
            case OLDEST_FIRST -> query.after();
            case NEWEST_FIRST -> query.before().orElse(0L);
        };
    }

    /**
     * The query that the parameters of {@code GET /api/v1/events} ask for; the web UI's history page takes the same
     * parameters.
     */
    public static EventQuery query(Context context, EventQuery.Order defaultOrder, int defaultLimit) {
        return new EventQuery(
                Requests.queryLong(context, "after", 0),
                Requests.queryInt(context, "limit", defaultLimit),
                Requests.query(context, "application").map(AppName::of),
                Requests.query(context, "environment").map(EnvName::of),
                Requests.query(context, "kind").map(EventResource::kind),
                Requests.query(context, "actor"),
                Requests.query(context, "since").map(value -> time(value, "since")),
                Requests.query(context, "until").map(value -> time(value, "until")),
                Requests.query(context, "before").map(value -> Requests.queryLong(context, "before", 0)),
                Requests.query(context, "order").map(EventResource::order).orElse(defaultOrder));
    }

    private static EventQuery.Order order(String value) {
        return switch (value) {
            case "asc" -> EventQuery.Order.OLDEST_FIRST;
            case "desc" -> EventQuery.Order.NEWEST_FIRST;
            default ->
                throw new TrebuchetException(
                        ErrorCode.INVALID_REQUEST,
                        "order must be 'asc' (oldest first) or 'desc' (newest first), got '%s'"
                                .formatted(abbreviate(value)),
                        Map.of("parameter", "order"));
        };
    }

    /**
     * A point in time: an ISO-8601 instant or offset date-time, or a local date-time or date (what an HTML date-time
     * field sends), which is taken as UTC.
     */
    static Instant time(String value, String parameter) {
        String text = value.trim();
        try {
            if (text.endsWith("Z") || text.endsWith("z")) {
                return Instant.parse(text.toUpperCase(Locale.ROOT));
            }
            if (OFFSET.matcher(text).find()) {
                return OffsetDateTime.parse(text).toInstant();
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "%s must be a time such as 2026-11-02T10:00:00Z or 2026-11-02T10:00 (UTC), got '%s'"
                            .formatted(parameter, abbreviate(text)),
                    Map.of("parameter", parameter));
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }

    static EventKind kind(String value) {
        try {
            return EventKind.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "unknown event kind '%s'; known kinds: %s".formatted(value, Arrays.toString(EventKind.values())),
                    Map.of("parameter", "kind"));
        }
    }
}
