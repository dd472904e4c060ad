package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host and port of a {@code Host} header or of an {@code Origin}, as the server compares them: the host in lower
 * case (an IPv6 address in brackets, as browsers write it), the port when one is written.
 */
record Authority(String host, Optional<Integer> port) {
    private static final Pattern AUTHORITY =
            Pattern.compile("(\\[[0-9a-f:.]+]|[a-z0-9._~!$&'()*+,;=%-]+)(?::([0-9]{1,5}))?");

    Authority {
        requireNonNull(host, "host is null");
        requireNonNull(port, "port is null");
    }

    /** Parses {@code host}, {@code host:port} or {@code [v6]:port}; empty when it is none of these. */
    static Optional<Authority> parse(String text) {
        Matcher matcher = AUTHORITY.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Optional<Integer> port = Optional.ofNullable(matcher.group(2)).map(Integer::parseInt);
        if (port.isPresent() && port.get() > 65535) {
            return Optional.empty();
        }
        return Optional.of(new Authority(matcher.group(1), port));
    }

    /** The port, or the default port of {@code scheme} when none is written. */
    int portOr(String scheme) {
        return port.orElse(scheme.equals("https") ? 443 : 80);
    }
}
