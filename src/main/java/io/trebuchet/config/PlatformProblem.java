package io.trebuchet.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong in a platform directory: the file, the line and column (1-based; 0 when unknown), the field ({@code
 * argocd.syncWindows[0].kind}; empty for the whole file) and what is wrong.
 */
public record PlatformProblem(String file, int line, int column, String field, String message) {
    public PlatformProblem {
        requireNonNull(file, "file is null");
        requireNonNull(field, "field is null");
        requireNonNull(message, "message is null");
    }

    /** {@code environments/dev.yaml:3:5: upstream.environment: ...}, the way compilers print errors. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ");
        if (!field.isEmpty()) {
            text.append(field).append(": ");
        }
        return text.append(message).toString();
    }
}
