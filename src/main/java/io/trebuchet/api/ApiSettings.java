package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the HTTP server listens, how large a request may be, the external host names it answers to besides loopback
 * and its bind address ({@code serve --allowed-host}), and how much work it takes on at once.
 */
public record ApiSettings(
        String bindAddress, int port, long maxRequestBytes, List<String> allowedHosts, AdmissionSettings admission) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 32L * 1024 * 1024;

    public ApiSettings {
        requireNonNull(bindAddress, "bindAddress is null");
        requireNonNull(admission, "admission is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1024, got " + maxRequestBytes);
        }
        allowedHosts = requireNonNull(allowedHosts, "allowedHosts is null").stream()
                .map(AllowedHosts::checkEntry)
                .distinct()
                .toList();
    }

    /** Answering to loopback names and the bind address only, with the default admission. */
    public ApiSettings(String bindAddress, int port, long maxRequestBytes) {
        this(bindAddress, port, maxRequestBytes, List.of(), AdmissionSettings.DEFAULTS);
    }

    /**
     * Whether other machines may reach the server where it listens: anything but a loopback address. Without
     * authentication the server refuses to listen there unless the operator says {@code --insecure-no-auth}.
     */
    public boolean reachableFromOtherMachines() {
        return !loopback();
    }

    /** What the operator is told when the server listens where other machines reach it without authentication. */
    public String exposure() {
        return ("Trebuchet listens on %s, which other machines may reach, without authentication: anyone who can reach"
                        + " this address can deploy, lock and change environments. Turn authentication on"
                        + " (--auth-mode token or oidc), or bind to 127.0.0.1 (the default).")
                .formatted(bindAddress.isBlank() ? "every address" : bindAddress);
    }

    private boolean loopback() {
        String bind = bindAddress.strip().toLowerCase(Locale.ROOT);
        if (bind.equals("localhost")) {
            return true;
        }
        Optional<InetAddress> literal =
                AllowedHosts.address(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind);
        if (literal.isPresent()) {
            return literal.get().isLoopbackAddress();
        }
        if (bind.isEmpty()) {
            return false;
        }
        try {
            // A name: what the server binds to is what it resolves to, as Jetty resolves it.
            for (InetAddress address : InetAddress.getAllByName(bind)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            // The server cannot listen there either and will say so; no warning is due.
            return true;
        }
    }
}
