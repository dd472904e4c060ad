package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.trebuchet.audit.Event;
import io.trebuchet.audit.EventKind;
import io.trebuchet.core.Actor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;

/**
 * What a batch of events holds, for its commit message and author: the first events in full, counts by kind, and
 * the distinct actors. Bounded in size whatever the number of events, so that catching up after a long outage does
 * not hold every event in memory.
 */
final class BatchSummary {
    static final int MAX_LISTED = 100;
    static final int MAX_ACTORS = 50;

    private final List<Event> listed = new ArrayList<>();
    private final Map<EventKind, Integer> counts = new EnumMap<>(EventKind.class);
    private final SequencedSet<Actor> actors = new LinkedHashSet<>();
    private boolean moreActors;
    private long firstEventId;
    private long lastEventId;
    private int eventCount;
    private Optional<Instant> lastEventTime = Optional.empty();

    void add(Event event) {
        requireNonNull(event, "event is null");
        if (eventCount == 0) {
            firstEventId = event.id();
        }
        eventCount++;
        lastEventId = event.id();
        lastEventTime = Optional.of(event.time());
        counts.merge(event.kind(), 1, Integer::sum);
        if (listed.size() < MAX_LISTED) {
            listed.add(event);
        }
        if (!actors.contains(event.actor())) {
            if (actors.size() < MAX_ACTORS) {
                actors.add(event.actor());
            } else {
                moreActors = true;
            }
        }
    }

    int eventCount() {
        return eventCount;
    }

    long firstEventId() {
        return firstEventId;
    }

    long lastEventId() {
        return lastEventId;
    }

    Optional<Instant> lastEventTime() {
        return lastEventTime;
    }

    List<Event> listed() {
        return Collections.unmodifiableList(listed);
    }

    Map<EventKind, Integer> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** The one actor of every event, when there is exactly one. */
    Optional<Actor> soleActor() {
        return actors.size() == 1 && !moreActors ? Optional.of(actors.getFirst()) : Optional.empty();
    }

    List<Actor> actors() {
        return List.copyOf(actors);
    }

    boolean moreActors() {
        return moreActors;
    }
}
