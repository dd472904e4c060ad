package io.trebuchet.environment;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.schedule.CronExpression;
import io.trebuchet.schedule.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Small checks shared by the records of an environment config; each failure names the field. */
final class ConfigChecks {
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /**
     * A namespace as Argo CD's AppProject destinations allow it: a name, a glob ({@code *}, {@code team-*}) or a
     * negation ({@code !kube-system}).
     */
    static final Pattern NAMESPACE_PATTERN = Pattern.compile("!?[a-z0-9*?]([a-z0-9*?-]{0,61}[a-z0-9*?])?");

    static final int MAX_TEXT = 1024;
    static final int MAX_ITEMS = 256;

    private ConfigChecks() {}

    static TrebuchetException invalid(String field, String message) {
        return new TrebuchetException(
                ErrorCode.INVALID_ENVIRONMENT_CONFIG, "%s %s".formatted(field, message), Map.of("field", field));
    }

    /** A five-field cron expression; its error names the config field. */
    static CronExpression cron(String value, String field) {
        try {
            return CronExpression.of(text(value, field));
        } catch (TrebuchetException e) {
            throw invalid(field, e.getMessage());
        }
    }

    static Duration duration(String value, String field) {
        try {
            return Durations.parse(text(value, field), field);
        } catch (TrebuchetException e) {
            throw invalid(field, e.getMessage().substring(field.length()).strip());
        }
    }

    static ZoneId zone(String value, String field) {
        try {
            return ZoneId.of(text(value, field));
        } catch (DateTimeException e) {
            throw invalid(field, "'%s' is not a known time zone (e.g. Europe/Berlin, UTC)".formatted(value));
        }
    }

    static <T> Optional<T> optional(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }

    static <T> List<T> list(List<T> values, String field) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_ITEMS) {
            throw invalid(field, "has more than %d entries".formatted(MAX_ITEMS));
        }
        if (values.stream().anyMatch(value -> value == null)) {
            throw invalid(field, "contains null");
        }
        return List.copyOf(values);
    }

    static List<String> texts(List<String> values, String field) {
        List<String> copy = list(values, field);
        copy.forEach(value -> text(value, field));
        return copy;
    }

    static String text(String value, String field) {
        if (value == null) {
            throw invalid(field, "is missing");
        }
        if (value.length() > MAX_TEXT) {
            throw invalid(field, "is longer than %d characters".formatted(MAX_TEXT));
        }
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw invalid(field, "contains control characters");
        }
        return value;
    }

    static Optional<String> optionalText(Optional<String> value, String field) {
        Optional<String> present = optional(value);
        present.ifPresent(text -> text(text, field));
        return present;
    }

    static Optional<String> optionalLabel(Optional<String> value, String field) {
        Optional<String> present = optional(value);
        present.ifPresent(label -> {
            if (!DNS_LABEL.matcher(label).matches()) {
                throw invalid(
                        field,
                        "'%s' is not a valid Kubernetes name (lowercase letters, digits, dashes; at most 63)"
                                .formatted(label.length() > 64 ? label.substring(0, 64) + "..." : label));
            }
        });
        return present;
    }

    static Optional<String> optionalNamespacePattern(Optional<String> value, String field) {
        Optional<String> present = optional(value);
        present.ifPresent(pattern -> {
            if (!NAMESPACE_PATTERN.matcher(pattern).matches()) {
                throw invalid(
                        field,
                        "'%s' is not a namespace, a glob such as '*' or a negation such as '!kube-system'"
                                .formatted(pattern.length() > 64 ? pattern.substring(0, 64) + "..." : pattern));
            }
        });
        return present;
    }
}
