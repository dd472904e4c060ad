package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a registry notification says was pushed: the repository, and the host the client pushed to when the
 * notification names it. Images and charts (OCI artifacts) are pushed alike, so both image sources and chart
 * subscriptions watch for these.
 */
public record PushedImage(Optional<String> host, String repository) {
    public PushedImage {
        requireNonNull(host, "host is null");
        requireNonNull(repository, "repository is null");
    }

    /** Whether this push is to {@code repository} on {@code registryHost}; a push without a host matches any host. */
    public boolean names(String registryHost, String repository) {
        return this.repository.equals(repository)
                && host.map(registryHost::equals).orElse(true);
    }
}
