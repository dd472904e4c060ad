package io.trebuchet.train;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.environment.TrainSchedule;
import io.trebuchet.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the release trains environments declare in {@code releaseTrains}, once per firing of each schedule, with the
 * scheduler as actor. The time each schedule last fired is stored under a row lock, so a firing runs once across
 * restarts and replicas; firings missed while the server was down run once when it is back. A schedule that never
 * ran counts from the time the environment's config last changed, so a firing before it was added does not run.
 *
 */
public final class TrainScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrainScheduler.class);

    private final Database database;
    private final EnvironmentService environments;
    private final TrainService trains;
    private final Clock clock;
    private final Duration interval;
    private final TrainStore store = new TrainStore();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    public TrainScheduler(
            Database database, EnvironmentService environments, TrainService trains, Clock clock, Duration interval) {
        this.database = requireNonNull(database, "database is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.trains = requireNonNull(trains, "trains is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.thread = Thread.ofPlatform().daemon().name("train-scheduler").unstarted(this::loop);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        do {
            try {
                runDue();
            } catch (RuntimeException e) {
                log.error("Scheduled release trains failed; retrying in {}", interval, e);
            }
        } while (!awaitStop());
    }

    private boolean awaitStop() {
        try {
            return stop.await(interval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Runs every train whose schedule fired since it last ran; returns how many ran. */
    public int runDue() {
        int ran = 0;
        for (Environment environment : environments.list()) {
            for (TrainSchedule schedule : environment.config().releaseTrains()) {
                if (runIfDue(environment, schedule)) {
                    ran++;
                }
            }
        }
        return ran;
    }

    private boolean runIfDue(Environment environment, TrainSchedule schedule) {
        Instant now = clock.instant();
        Optional<Instant> firing = schedule.cron().lastFiring(now, schedule.zone());
        if (firing.isEmpty()) {
            return false;
        }
        return database.inTransaction(transaction -> {
            Optional<Instant> lastFired =
                    store.lockScheduleRun(transaction.handle(), environment.name(), schedule.key());
            // A schedule that never ran counts from when the environment's config last changed (when it was added).
            Instant since = lastFired.orElse(environment.updatedAt());
            if (!firing.get().isAfter(since)) {
                return false;
            }
            store.recordScheduleRun(
                    transaction.handle(), environment.name(), schedule.key(), firing.get(), lastFired.isPresent());
            String trainId = UUID.randomUUID().toString();
            log.info(
                    "Running scheduled release train {} into {} (schedule '{}', fired at {})",
                    trainId,
                    environment.name(),
                    schedule.schedule(),
                    firing.get());
            trains.runIn(
                    transaction,
                    environment.name(),
                    new TrainTarget.Environment(environment.name()),
                    new TrainFilter(schedule.team(), schedule.stack()),
                    trainId,
                    Actor.SCHEDULER);
            return true;
        });
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
