package io.trebuchet.environment;

import static io.trebuchet.environment.ConfigChecks.optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.schedule.CronExpression;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/** A release train the server runs into this environment on a schedule, optionally for one team or stack. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TrainSchedule(
        String schedule, Optional<String> timeZone, Optional<TeamName> team, Optional<StackName> stack) {
    public TrainSchedule {
        ConfigChecks.cron(schedule, "releaseTrains.schedule");
        timeZone = optional(timeZone);
        timeZone.ifPresent(zone -> ConfigChecks.zone(zone, "releaseTrains.timeZone"));
        team = optional(team);
        stack = optional(stack);
    }

    public CronExpression cron() {
        return CronExpression.of(schedule);
    }

    public ZoneId zone() {
        return timeZone.map(ZoneId::of).orElse(ZoneOffset.UTC);
    }

    /** Identifies the schedule among an environment's schedules, to remember when it last ran. */
    public String key() {
        return schedule + "|" + zone().getId() + "|team="
                + team.map(TeamName::value).orElse("") + "|stack="
                + stack.map(StackName::value).orElse("");
    }
}
