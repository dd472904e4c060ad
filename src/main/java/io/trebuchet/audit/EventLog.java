package io.trebuchet.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.store.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Appends events and reads them back. Appended events are written when their transaction is about to commit, under
 * the row lock of {@code event_sequence}: ids are gap-free and become visible in commit order.
 */
public final class EventLog {
    /** Lenient where the log's history needs it: fields an older or newer version wrote or left out. */
    private static final ObjectReader PAYLOADS = Json.mapper()
            .reader()
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Clock clock;

    public EventLog(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void append(Transaction transaction, Actor actor, NewEvent event) {
        requireNonNull(actor, "actor is null");
        requireNonNull(event, "event is null");
        Pending pending = transaction.attachment(Pending.class, () -> {
            Pending created = new Pending();
            transaction.beforeCommit(() -> flush(transaction.handle(), created.events));
            return created;
        });
        pending.events.add(new Stamped(clock.instant(), actor, event));
    }

    private static void flush(Handle handle, List<Stamped> events) {
        if (events.isEmpty()) {
            return;
        }
        handle.createUpdate("update event_sequence set last_id = last_id + :count where id = 1")
                .bind("count", events.size())
                .execute();
        long last = handle.createQuery("select last_id from event_sequence where id = 1")
                .mapTo(Long.class)
                .one();
        long id = last - events.size();
        PreparedBatch batch = handle.prepareBatch("""
                insert into events (id, created_at, actor_name, actor_email, kind, application, environment, payload)
                values (:id, :time, :actorName, :actorEmail, :kind, :application, :environment, :payload)
                """);
        for (Stamped stamped : events) {
            id++;
            NewEvent event = stamped.event();
            batch.bind("id", id)
                    .bind("time", stamped.time())
                    .bind("actorName", stamped.actor().name())
                    .bind("actorEmail", stamped.actor().email())
                    .bind("kind", event.kind().name())
                    .bind("application", event.application().map(AppName::value).orElse(null))
                    .bind("environment", event.environment().map(EnvName::value).orElse(null))
                    .bind("payload", Json.write(event.payload()))
                    .add();
        }
        batch.execute();
    }

    public List<Event> list(Handle handle, EventQuery query) {
        StringBuilder sql = new StringBuilder("""
                select id, created_at, actor_name, actor_email, kind, application, environment, payload
                from events where id > :after
                """);
        query.before().ifPresent(ignored -> sql.append(" and id < :before"));
        query.application().ifPresent(ignored -> sql.append(" and application = :application"));
        query.environment().ifPresent(ignored -> sql.append(" and environment = :environment"));
        query.kind().ifPresent(ignored -> sql.append(" and kind = :kind"));
        query.actor()
                .ifPresent(ignored ->
                        sql.append(" and (lower(actor_name) = lower(:actor) or lower(actor_email) = lower(:actor))"));
        query.since().ifPresent(ignored -> sql.append(" and created_at >= :since"));
        query.until().ifPresent(ignored -> sql.append(" and created_at < :until"));
        sql.append(
                switch (query.order()) {
                    case OLDEST_FIRST -> " order by id";
                    case NEWEST_FIRST -> " order by id desc";
                });
        sql.append(" limit :limit");
        var statement =
                handle.createQuery(sql.toString()).bind("after", query.after()).bind("limit", query.limit());
        query.before().ifPresent(before -> statement.bind("before", before));
        query.application().ifPresent(application -> statement.bind("application", application.value()));
        query.environment().ifPresent(environment -> statement.bind("environment", environment.value()));
        query.kind().ifPresent(kind -> statement.bind("kind", kind.name()));
        query.actor().ifPresent(actor -> statement.bind("actor", actor));
        query.since().ifPresent(since -> statement.bind("since", since));
        query.until().ifPresent(until -> statement.bind("until", until));
        return statement
                .map((rs, ctx) -> new Event(
                        rs.getLong("id"),
                        rs.getObject("created_at", java.time.OffsetDateTime.class)
                                .toInstant(),
                        new Actor(rs.getString("actor_name"), rs.getString("actor_email")),
                        EventKind.valueOf(rs.getString("kind")),
                        Optional.ofNullable(rs.getString("application")).map(AppName::new),
                        Optional.ofNullable(rs.getString("environment")).map(EnvName::new),
                        parse(EventKind.valueOf(rs.getString("kind")), rs.getString("payload"))))
                .list();
    }

    /**
     * Makes the ids of the events appended from now on greater than {@code eventId}: ids another copy of the history
     * has used (a manifest repository exported from events this store lost) are never handed out again. Locks the
     * sequence until the transaction ends.
     */
    public void skipPast(Transaction transaction, long eventId) {
        transaction
                .handle()
                .createUpdate("update event_sequence set last_id = :eventId where id = 1 and last_id < :eventId")
                .bind("eventId", eventId)
                .execute();
    }

    /** The event with id {@code eventId}, if there is one. */
    public Optional<Event> find(Handle handle, long eventId) {
        if (eventId <= 0) {
            return Optional.empty();
        }
        return list(handle, EventQuery.after(eventId - 1, 1)).stream()
                .filter(event -> event.id() == eventId)
                .findFirst();
    }

    /** The id of the newest event, 0 when there is none. */
    public long lastId(Handle handle) {
        return handle.createQuery("select last_id from event_sequence where id = 1")
                .mapTo(Long.class)
                .one();
    }

    /**
     * Reads a stored payload as its kind's record. Fields an older or newer version wrote that the record does not
     * know are left out: the log is never rewritten.
     */
    static EventPayload parse(EventKind kind, String payload) {
        try {
            return PAYLOADS.forType(kind.payloadType()).readValue(payload);
        } catch (JsonProcessingException e) {
            throw new TrebuchetException(
                    ErrorCode.INTERNAL_ERROR,
                    "a stored %s event cannot be read: %s".formatted(kind, e.getMessage()),
                    e);
        }
    }

    private record Stamped(Instant time, Actor actor, NewEvent event) {}

    private static final class Pending {
        final List<Stamped> events = new ArrayList<>();
    }
}
