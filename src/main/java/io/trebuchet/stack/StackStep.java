package io.trebuchet.stack;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.Version;
import java.util.Optional;

/** What a stack operation did with one member: its result (deployed, unchanged, queued, removed, skipped) and why. */
public record StackStep(AppName application, String result, Optional<Version> version, Optional<String> reason) {
    public StackStep {
        requireNonNull(application, "application is null");
        requireNonNull(result, "result is null");
        requireNonNull(version, "version is null");
        requireNonNull(reason, "reason is null");
    }
}
