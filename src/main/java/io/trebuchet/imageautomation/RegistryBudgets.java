package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link RequestBudget} per registry host (host and port), made on first use from the settings for that host. The
 * server keeps one for image automation and chart fetches together, since a registry counts what it receives from this
 * process, not which feature sent it.
 */
public final class RegistryBudgets {
    private final RequestBudget.Settings defaults;
    private final Map<String, RequestBudget.Settings> perHost;
    private final Clock clock;
    private final RequestBudget.Pause pause;
    private final Map<String, RequestBudget> budgets = new ConcurrentHashMap<>();

    public RegistryBudgets(
            RequestBudget.Settings defaults,
            Map<String, RequestBudget.Settings> perHost,
            Clock clock,
            RequestBudget.Pause pause) {
        this.defaults = requireNonNull(defaults, "defaults is null");
        this.perHost = Map.copyOf(perHost);
        this.clock = requireNonNull(clock, "clock is null");
        this.pause = requireNonNull(pause, "pause is null");
    }

    /** The server's budgets: in real time, whatever clock the server runs on, since they are about what hosts count. */
    public static RegistryBudgets real(RegistryBudgetSettings settings) {
        return new RegistryBudgets(
                settings.defaults(), settings.perHost(), Clock.systemUTC(), RequestBudget.Pause.REAL);
    }

    public RequestBudget forHost(String host) {
        return budgets.computeIfAbsent(
                host, key -> new RequestBudget(perHost.getOrDefault(key, defaults), clock, pause));
    }
}
