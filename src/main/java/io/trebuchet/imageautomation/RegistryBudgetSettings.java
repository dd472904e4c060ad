package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The request budgets of registry hosts: the budget every host gets and the ones set for particular hosts, as
 * {@code trebuchet serve --registry-budget} gives them. A setting reads {@code HOST=RATE[,burst=N][,concurrency=N]}:
 * {@code RATE} requests a second on average (a decimal: {@code 0.5} is one every two seconds), bursts of up to
 * {@code N} (default: the rate rounded up, at least 1) and at most {@code N} at once (default 2). {@code HOST} is a
 * registry host with its port when not the default ({@code ghcr.io}, {@code registry.example.com:5000}); {@code *}
 * sets the budget of every other host. {@code docker.io} names Docker Hub's registry, as in image references.
 */
public record RegistryBudgetSettings(RequestBudget.Settings defaults, Map<String, RequestBudget.Settings> perHost) {
    public static final RegistryBudgetSettings DEFAULT =
            new RegistryBudgetSettings(RequestBudget.Settings.DEFAULT, Map.of());

    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[0-9]{1,5})?");
    private static final int DEFAULT_CONCURRENCY = 2;

    public RegistryBudgetSettings {
        requireNonNull(defaults, "defaults is null");
        perHost = Map.copyOf(perHost);
    }

    /** The settings {@code specs} give, each {@code HOST=RATE[,burst=N][,concurrency=N]}; a later one for a host wins. */
    public static RegistryBudgetSettings parse(List<String> specs) {
        RequestBudget.Settings defaults = RequestBudget.Settings.DEFAULT;
        Map<String, RequestBudget.Settings> perHost = new LinkedHashMap<>();
        for (String spec : specs) {
            int equals = spec.indexOf('=');
            if (equals < 0) {
                throw invalid(spec, "has no '=': write HOST=RATE, e.g. ghcr.io=5 or *=0.5,burst=3");
            }
            String host = spec.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            RequestBudget.Settings settings = settings(spec, spec.substring(equals + 1));
            if (host.equals("*")) {
                defaults = settings;
            } else if (HOST.matcher(host).matches()) {
                perHost.put(canonicalHost(host), settings);
            } else {
                throw invalid(spec, "names '" + host + "', which is neither a registry host (with :PORT) nor *");
            }
        }
        return new RegistryBudgetSettings(defaults, perHost);
    }

    /** The host image references use for {@code host}: Docker Hub's names become its registry's. */
    static String canonicalHost(String host) {
        return host.equals("docker.io") || host.equals("index.docker.io") ? ImageReference.DOCKER_HUB : host;
    }

    private static RequestBudget.Settings settings(String spec, String value) {
        String[] parts = value.split(",", -1);
        double rate = number(spec, "the rate", parts[0]);
        Integer burst = null;
        int concurrency = DEFAULT_CONCURRENCY;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.startsWith("burst=")) {
                burst = whole(spec, "burst", part.substring("burst=".length()));
            } else if (part.startsWith("concurrency=")) {
                concurrency = whole(spec, "concurrency", part.substring("concurrency=".length()));
            } else {
                throw invalid(spec, "has '" + part + "': only burst=N and concurrency=N may follow the rate");
            }
        }
        try {
            return new RequestBudget.Settings(
                    rate, burst == null ? Math.max(1, (int) Math.ceil(rate)) : burst, concurrency);
        } catch (IllegalArgumentException e) {
            throw invalid(spec, e.getMessage().replace("perSecond", "the rate"));
        }
    }

    private static double number(String spec, String what, String text) {
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw invalid(spec, what + " '" + text.trim() + "' is not a number of requests a second");
    }

    private static int whole(String spec, String what, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(spec, what + " '" + text.trim() + "' is not a whole number");
        }
    }

    private static IllegalArgumentException invalid(String spec, String why) {
        return new IllegalArgumentException("'" + spec + "' " + why);
    }
}
