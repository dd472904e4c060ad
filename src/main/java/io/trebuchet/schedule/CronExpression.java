package io.trebuchet.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week), validated when created and kept with
 * one space between its fields: it must parse, and it must fire. An expression that names only days a month never
 * has ({@code 0 0 31 2 *}) parses, but a lock, freeze window or train on it would never apply; it is refused. The
 * calendar repeats every 400 years, and a schedule that fires at all fires within 8 years of any time (February 29 of
 * leap years, with 2100 not one, is the rarest), so it is enough to look 8 years ahead of a fixed day.
 */
public record CronExpression(String expression) {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final ZonedDateTime REFERENCE = ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final ZonedDateTime HORIZON = REFERENCE.plusYears(8);
    private static final Pattern FIELD = Pattern.compile("[0-9A-Za-z*/,?#-]{1,64}");

    public CronExpression {
        if (expression == null || expression.isBlank()) {
            throw invalid("a cron expression is missing");
        }
        if (expression.length() > 200) {
            throw invalid("cron expression is longer than 200 characters");
        }
        String[] fields = expression.strip().split("[ \t]+");
        if (fields.length != 5) {
            throw invalid("'%s' is not a cron expression with 5 fields (minute hour day month weekday)"
                    .formatted(expression));
        }
        for (String field : fields) {
            if (!FIELD.matcher(field).matches()) {
                throw invalid("'%s' is not a valid cron expression: '%s' is not a field (digits, names, * / , - only)"
                        .formatted(expression, field));
            }
        }
        expression = String.join(" ", fields);
        Optional<ZonedDateTime> first;
        try {
            first = ExecutionTime.forCron(PARSER.parse(expression).validate()).nextExecution(REFERENCE);
        } catch (RuntimeException e) {
            // cron-utils refuses most malformed expressions with IllegalArgumentException, some with others.
            throw invalid("'%s' is not a valid cron expression: %s".formatted(expression, e.getMessage()));
        }
        if (first.isEmpty() || first.get().isAfter(HORIZON)) {
            throw invalid("'%s' never fires: no month has the days it names".formatted(expression));
        }
    }

    @JsonCreator
    public static CronExpression of(String expression) {
        return new CronExpression(expression);
    }

    @JsonValue
    @Override
    public String expression() {
        return expression;
    }

    /** The latest time at or before {@code now} that the schedule fires, in {@code zone}. */
    public Optional<Instant> lastFiring(Instant now, ZoneId zone) {
        // cron-utils looks strictly before a time truncated to the second: ask just after now, and step back once
        // if that finds a firing later than now (within the second after it).
        ExecutionTime executions = executionTime();
        Optional<Instant> candidate = executions
                .lastExecution(ZonedDateTime.ofInstant(now.plusSeconds(1), zone))
                .map(ZonedDateTime::toInstant);
        if (candidate.isPresent() && candidate.get().isAfter(now)) {
            return executions
                    .lastExecution(ZonedDateTime.ofInstant(candidate.get(), zone))
                    .map(ZonedDateTime::toInstant);
        }
        return candidate;
    }

    /** The first time strictly after {@code now} that the schedule fires, in {@code zone}. */
    public Optional<Instant> nextFiring(Instant now, ZoneId zone) {
        return executionTime().nextExecution(ZonedDateTime.ofInstant(now, zone)).map(ZonedDateTime::toInstant);
    }

    private ExecutionTime executionTime() {
        Cron cron = PARSER.parse(expression);
        return ExecutionTime.forCron(cron);
    }

    private static TrebuchetException invalid(String message) {
        return new TrebuchetException(ErrorCode.INVALID_SCHEDULE, message, Map.of("field", "schedule"));
    }

    @Override
    public String toString() {
        return expression;
    }
}
