package io.trebuchet.environment;

import static io.trebuchet.environment.ConfigChecks.invalid;
import static io.trebuchet.environment.ConfigChecks.optional;
import static io.trebuchet.environment.ConfigChecks.text;
import static io.trebuchet.environment.ConfigChecks.texts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** An Argo CD sync window of the environment's AppProject. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SyncWindow(
        String kind,
        String schedule,
        String duration,
        List<String> applications,
        Optional<Boolean> manualSync,
        Optional<String> timeZone) {
    private static final Pattern DURATION = Pattern.compile("(?=\\d)(\\d+h)?(\\d+m)?(\\d+s)?");

    public SyncWindow {
        text(kind, "argocd.syncWindows.kind");
        if (!kind.equals("allow") && !kind.equals("deny")) {
            throw invalid("argocd.syncWindows.kind", "must be 'allow' or 'deny', got '%s'".formatted(kind));
        }
        ConfigChecks.cron(schedule, "argocd.syncWindows.schedule");
        if (!DURATION.matcher(text(duration, "argocd.syncWindows.duration")).matches()) {
            throw invalid(
                    "argocd.syncWindows.duration",
                    "must be a duration such as 1h, 30m or 1h30m, got '%s'".formatted(duration));
        }
        applications = texts(applications, "argocd.syncWindows.applications");
        manualSync = optional(manualSync);
        timeZone = optional(timeZone);
        timeZone.ifPresent(zone -> ConfigChecks.zone(zone, "argocd.syncWindows.timeZone"));
    }
}
