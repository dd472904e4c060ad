package io.trebuchet.environment;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

/** Five-field cron expressions, as Argo CD sync windows use them. */
final class CronSchedule {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private CronSchedule() {}

    static void check(String expression, String field) {
        if (expression.trim().split("\\s+").length != 5) {
            throw ConfigChecks.invalid(
                    field,
                    "must be a cron expression with 5 fields (minute hour day month weekday), got '%s'"
                            .formatted(expression));
        }
        try {
            PARSER.parse(expression).validate();
        } catch (IllegalArgumentException e) {
            throw ConfigChecks.invalid(
                    field, "'%s' is not a valid cron expression: %s".formatted(expression, e.getMessage()));
        }
    }
}
