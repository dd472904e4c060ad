package io.trebuchet.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A violation with the severity an environment gives its rule. */
public record Finding(@JsonUnwrapped Violation violation, Severity severity) {
    public Finding {
        requireNonNull(violation, "violation is null");
        requireNonNull(severity, "severity is null");
    }
}
