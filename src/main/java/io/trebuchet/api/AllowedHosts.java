package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names the server answers to, checked against each request's {@code Host} header. A page that an attacker serves
 * under a name of their own and then re-points at this server's address (DNS rebinding) is, to the browser, on its
 * own origin: only the {@code Host} it sends gives it away. So the server answers to loopback names and addresses,
 * its bind address (every address of the machine when bound to all of them), and the external names an operator
 * configures ({@code serve --allowed-host}); an IP address that is the server's own cannot be rebound, a name can.
 */
final class AllowedHosts {
    /** A DNS name: labels of letters, digits and inner dashes. */
    private static final Pattern NAME =
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+");
    private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]");

    private final Set<String> names;
    private final Set<String> suffixes;
    private final Set<InetAddress> addresses;
    private final boolean everyLocalAddress;
    private final List<String> described;

    private AllowedHosts(
            Set<String> names,
            Set<String> suffixes,
            Set<InetAddress> addresses,
            boolean everyLocalAddress,
            Set<String> described) {
        this.names = Set.copyOf(names);
        this.suffixes = Set.copyOf(suffixes);
        this.addresses = Set.copyOf(addresses);
        this.everyLocalAddress = everyLocalAddress;
        this.described = List.copyOf(described);
    }

    static AllowedHosts of(String bindAddress, List<String> configured) {
        requireNonNull(bindAddress, "bindAddress is null");
        requireNonNull(configured, "configured is null");
        Set<String> names = new LinkedHashSet<>();
        Set<String> suffixes = new LinkedHashSet<>();
        Set<InetAddress> addresses = new LinkedHashSet<>();
        Set<String> described = new LinkedHashSet<>(LOOPBACK_NAMES);
        names.add("localhost");
        boolean everyLocalAddress = false;
        String bind = bindAddress.strip().toLowerCase(Locale.ROOT);
        Optional<InetAddress> bound = address(bind.startsWith("[") ? bind : bracketIfIpv6(bind));
        if (bind.isEmpty() || bound.map(InetAddress::isAnyLocalAddress).orElse(false)) {
            everyLocalAddress = true;
            described.add("this machine's addresses");
        } else if (bound.isPresent()) {
            addresses.add(bound.get());
            described.add(bindAddress.strip());
        } else {
            names.add(bind);
            described.add(bind);
        }
        for (String entry : configured) {
            String host = checkEntry(entry);
            if (host.startsWith("*.")) {
                suffixes.add(host.substring(1));
            } else {
                Optional<InetAddress> literal = address(bracketIfIpv6(host));
                if (literal.isPresent()) {
                    addresses.add(literal.get());
                } else {
                    names.add(host);
                }
            }
            described.add(host);
        }
        return new AllowedHosts(names, suffixes, addresses, everyLocalAddress, described);
    }

    /**
     * Checks one configured external name and returns it in lower case: a DNS name, {@code *.} and a domain for all of
     * its subdomains, or an IP address; without a port, as the server answers to a name on any port.
     */
    static String checkEntry(String entry) {
        requireNonNull(entry, "allowed host is null");
        String host = entry.strip().toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("an allowed host is empty");
        }
        if (address(bracketIfIpv6(host)).isPresent()) {
            return host;
        }
        if (host.contains(":") || host.contains("/")) {
            throw new IllegalArgumentException(
                    "allowed host '%s' must be a name or an address without scheme, port or path (e.g. trebuchet.example.com)"
                            .formatted(entry));
        }
        String name = host.startsWith("*.") ? host.substring(2) : host;
        if (name.length() > 253 || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "allowed host '%s' is not a host name (letters, digits, dashes and dots; '*.' for every subdomain)"
                            .formatted(entry));
        }
        return host;
    }

    /**
     * Whether the server answers to a request with this {@code Host} header: its name is one of the allowed, on any
     * port. A request without the header (HTTP/1.0) comes from no browser and is answered.
     */
    boolean allows(Optional<String> hostHeader) {
        if (hostHeader.isEmpty()) {
            return true;
        }
        Optional<Authority> authority = Authority.parse(hostHeader.get());
        if (authority.isEmpty()) {
            return false;
        }
        String name = authority.get().host();
        if (names.contains(name) || suffixes.stream().anyMatch(suffix -> name.endsWith(suffix))) {
            return true;
        }
        Optional<InetAddress> literal = address(name);
        return literal.isPresent()
                && (literal.get().isLoopbackAddress()
                        || addresses.contains(literal.get())
                        || (everyLocalAddress && isLocal(literal.get())));
    }

    /** What the server answers to, for an error message: {@code localhost, 127.0.0.1, [::1], ...}. */
    List<String> describe() {
        return described;
    }

    /** The address an IP literal ({@code 10.0.0.1}, {@code [::1]}) stands for, without asking DNS; else empty. */
    static Optional<InetAddress> address(String host) {
        if (IPV4.matcher(host).matches()) {
            String[] parts = host.split("\\.", -1);
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(parts[i]);
                if (part > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) part;
            }
            try {
                return Optional.of(InetAddress.getByAddress(bytes));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        if (host.length() > 2
                && host.startsWith("[")
                && host.endsWith("]")
                && IPV6.matcher(host.substring(1, host.length() - 1)).matches()) {
            try {
                // In brackets, a literal is only parsed, never looked up: a malformed one is an error, not a name.
                return Optional.of(InetAddress.getByName(host));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String bracketIfIpv6(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static boolean isLocal(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            // Not known to be this machine's: refused, and the error names the option that allows it.
            return false;
        }
    }
}
