package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

/** Where the HTTP server listens, how large a request may be, and how much work it takes on at once. */
public record ApiSettings(String bindAddress, int port, long maxRequestBytes, AdmissionSettings admission) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 32L * 1024 * 1024;

    public ApiSettings(String bindAddress, int port, long maxRequestBytes) {
        this(bindAddress, port, maxRequestBytes, AdmissionSettings.DEFAULTS);
    }

    public ApiSettings {
        requireNonNull(bindAddress, "bindAddress is null");
        requireNonNull(admission, "admission is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1024, got " + maxRequestBytes);
        }
    }
}
