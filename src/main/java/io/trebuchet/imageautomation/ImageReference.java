package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An image repository as people write it: {@code registry.example.com/team/app}, {@code 127.0.0.1:5000/app}, or a
 * Docker Hub name ({@code nginx} is {@code registry-1.docker.io/library/nginx}). The registry is reached over HTTPS;
 * {@code http://} in front asks for plain HTTP (a registry on loopback in a test, a registry inside the cluster).
 */
public record ImageReference(String scheme, String host, String repository) {
    public static final String DOCKER_HUB = "registry-1.docker.io";
    static final int MAX_LENGTH = 255;
    // distribution's repository name grammar: path components of lowercase alphanumerics with separators.
    private static final Pattern REPOSITORY =
            Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})(:[0-9]{1,5})?|\\[[0-9a-fA-F:]+\\](:[0-9]{1,5})?");

    public ImageReference {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(host, "host is null");
        requireNonNull(repository, "repository is null");
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw invalid(scheme + "://" + host + "/" + repository, "must use https or http");
        }
        if (!HOST.matcher(host).matches()) {
            throw invalid(host + "/" + repository, "has a registry host that is not a host name");
        }
        if (!REPOSITORY.matcher(repository).matches()) {
            throw invalid(host + "/" + repository, "has a repository name that is not lowercase path components");
        }
    }

    public static ImageReference parse(String written) {
        requireNonNull(written, "written is null");
        if (written.isEmpty() || written.length() > MAX_LENGTH) {
            throw invalid(written, "must have 1 to %d characters".formatted(MAX_LENGTH));
        }
        String scheme = "https";
        String rest = written;
        if (rest.startsWith("http://")) {
            scheme = "http";
            rest = rest.substring("http://".length());
        } else if (rest.startsWith("https://")) {
            rest = rest.substring("https://".length());
        }
        if (rest.contains("@") || (rest.contains(":") && rest.lastIndexOf(':') > rest.indexOf('/'))) {
            throw invalid(written, "names a tag or digest; an image source watches the whole repository");
        }
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        // As docker does: the first component is a registry when it looks like a host (a dot, a port, localhost).
        if (slash < 0 || !(first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            String repository = slash < 0 ? "library/" + rest : rest;
            return new ImageReference(scheme, DOCKER_HUB, repository);
        }
        String host = first.toLowerCase(Locale.ROOT);
        if (host.equals("docker.io") || host.equals("index.docker.io")) {
            host = DOCKER_HUB;
        }
        return new ImageReference(scheme, host, rest.substring(slash + 1));
    }

    /** The registry's base URL, e.g. {@code https://ghcr.io}. */
    public URI registry() {
        return URI.create(scheme + "://" + host);
    }

    @Override
    public String toString() {
        return (scheme.equals("http") ? "http://" : "") + host + "/" + repository;
    }

    private static TrebuchetException invalid(String written, String problem) {
        return new TrebuchetException(
                ErrorCode.INVALID_IMAGE_SOURCE, "image '%s' %s".formatted(written, problem), Map.of("field", "image"));
    }
}
