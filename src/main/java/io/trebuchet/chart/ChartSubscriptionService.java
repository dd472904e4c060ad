package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.ApplicationService;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.imageautomation.PushedImage;
import io.trebuchet.release.AutoDeployment;
import io.trebuchet.store.Database;
import io.trebuchet.store.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chart subscriptions and their scans, the chart counterpart of image sources. A scan lists the chart's versions (the
 * OCI tag list, or the repository's index.yaml), lets {@link ChartVersionChooser} pick the highest in range, and when
 * that is not the version released last, creates a chart release of it as {@link Actor#CHART_AUTOMATION}. The release
 * then takes the normal path: auto-deployed where {@code latest} is followed, through locks, freeze windows, holds
 * and the environments' pre-release rule. Registry I/O and rendering happen outside any transaction; the release and
 * the scan's result commit together.
 */
public final class ChartSubscriptionService {
    private static final Logger log = LoggerFactory.getLogger(ChartSubscriptionService.class);
    private static final int CLAIM_BATCH = 20;

    private final Database database;
    private final ApplicationService applications;
    private final ChartReleaseService charts;
    private final Clock clock;
    private final ChartSubscriptionStore store = new ChartSubscriptionStore();

    public ChartSubscriptionService(
            Database database, ApplicationService applications, ChartReleaseService charts, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.charts = requireNonNull(charts, "charts is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A subscription and what its last scan found. */
    public record SubscriptionView(ChartSubscription subscription, ChartSubscriptionScan scan) {
        public SubscriptionView {
            requireNonNull(subscription, "subscription is null");
            requireNonNull(scan, "scan is null");
        }

        /** The JSON the API answers. */
        public Map<String, Object> toMap() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("application", subscription.application().value());
            view.put("name", subscription.name());
            view.putAll(subscription.toMap());
            view.put("scan", scan.toMap());
            return view;
        }
    }

    /** Declares or replaces a subscription of an application; it is scanned at once (by the worker, or {@link #scan}). */
    public SubscriptionView put(AppName application, String name, Map<String, ?> written) {
        ChartSubscription.checkName(name);
        ChartSubscription subscription = ChartSubscription.fromMap(application, name, written);
        return database.inTransaction(transaction -> {
            applications.get(transaction.handle(), application);
            store.put(transaction.handle(), subscription, clock.instant());
            return view(store.find(transaction.handle(), application, name).orElseThrow());
        });
    }

    /** Declares or replaces a subscription inside the caller's transaction (configuration as code). */
    public void put(Transaction transaction, ChartSubscription subscription) {
        applications.get(transaction.handle(), subscription.application());
        store.put(transaction.handle(), subscription, clock.instant());
    }

    /** Deletes a subscription inside the caller's transaction, if it exists. */
    public void delete(Transaction transaction, AppName application, String name) {
        store.delete(transaction.handle(), application, name);
    }

    /** Every subscription, by application and name, as configuration as code compares them. */
    public Map<AppName, Map<String, ChartSubscription>> subscriptions(Handle handle) {
        Map<AppName, Map<String, ChartSubscription>> subscriptions = new LinkedHashMap<>();
        for (ChartSubscriptionStore.Stored stored : store.list(handle)) {
            subscriptions
                    .computeIfAbsent(stored.subscription().application(), ignored -> new LinkedHashMap<>())
                    .put(stored.subscription().name(), stored.subscription());
        }
        return subscriptions;
    }

    public List<SubscriptionView> list() {
        return database.read(handle ->
                store.list(handle).stream().map(ChartSubscriptionService::view).toList());
    }

    public SubscriptionView get(AppName application, String name) {
        return database.read(handle -> view(find(handle, application, name)));
    }

    public SubscriptionView delete(AppName application, String name) {
        return database.inTransaction(transaction -> {
            ChartSubscriptionStore.Stored stored = find(transaction.handle(), application, name);
            store.delete(transaction.handle(), application, name);
            return view(stored);
        });
    }

    /** Scans one subscription now, whatever its schedule; answers what the scan found and did. */
    public SubscriptionView scan(AppName application, String name) {
        ChartSubscriptionStore.Stored stored = database.read(handle -> find(handle, application, name));
        return new SubscriptionView(stored.subscription(), scan(stored));
    }

    /**
     * A registry said something was pushed (its notification's {@code request.host} and {@code target.repository}):
     * scans every subscription watching that OCI repository, since a chart is pushed as an artifact like an image.
     * Subscriptions to classic chart repositories get no notifications; their intervals find new versions.
     */
    public List<SubscriptionView> pushed(List<PushedImage> pushed) {
        List<SubscriptionView> scanned = new ArrayList<>();
        for (ChartSubscriptionStore.Stored stored : database.read(store::list)) {
            if (stored.subscription().chart() instanceof ChartReference.Oci oci
                    && pushed.stream().anyMatch(image -> image.names(oci.host(), oci.path()))) {
                scanned.add(new SubscriptionView(stored.subscription(), scan(stored)));
            }
        }
        return scanned;
    }

    /** Scans every subscription whose scan is due, in batches claimed so that each runs once; answers how many ran. */
    public int scanDue() {
        int scanned = 0;
        while (true) {
            Instant now = clock.instant();
            List<ChartSubscriptionStore.Stored> due =
                    database.inTransaction(transaction -> store.claimDue(transaction.handle(), now, CLAIM_BATCH));
            for (ChartSubscriptionStore.Stored stored : due) {
                scan(stored);
            }
            scanned += due.size();
            if (due.size() < CLAIM_BATCH) {
                return scanned;
            }
        }
    }

    /** One scan: the version list, then at most one release with the new state, or the error stored. */
    private ChartSubscriptionScan scan(ChartSubscriptionStore.Stored stored) {
        ChartSubscription subscription = stored.subscription();
        ChartSubscriptionScan before = stored.scan();
        Instant now = clock.instant();
        Instant next = now.plus(subscription.interval().value());
        try {
            return decide(subscription, before, now, next);
        } catch (TrebuchetException e) {
            log.warn(
                    "Scan of chart subscription {}/{} ({}) failed: {}",
                    subscription.application(),
                    subscription.name(),
                    subscription.chart().text(),
                    e.getMessage());
            ChartSubscriptionScan failed = before.failed(now, next, e.getMessage());
            save(subscription, failed);
            return failed;
        }
    }

    private ChartSubscriptionScan decide(
            ChartSubscription subscription, ChartSubscriptionScan before, Instant now, Instant next) {
        List<String> listed = charts.versions(subscription.chart());
        ChartVersionChooser.Choice choice =
                ChartVersionChooser.choose(listed, subscription.range(), subscription.preReleases());
        return switch (choice) {
            case ChartVersionChooser.Choice.NoCandidate none -> {
                ChartSubscriptionScan after = new ChartSubscriptionScan(
                        Optional.of(now),
                        next,
                        Optional.empty(),
                        Optional.empty(),
                        before.releasedChartVersion(),
                        before.releasedVersion(),
                        Optional.of(none.reason()));
                save(subscription, after);
                yield after;
            }
            case ChartVersionChooser.Choice.Chosen chosen -> {
                String version = chosen.version().text();
                if (before.releasedChartVersion().filter(version::equals).isPresent()) {
                    ChartSubscriptionScan after = new ChartSubscriptionScan(
                            Optional.of(now),
                            next,
                            Optional.empty(),
                            Optional.of(version),
                            before.releasedChartVersion(),
                            before.releasedVersion(),
                            before.outcome());
                    save(subscription, after);
                    yield after;
                }
                yield releaseOnce(subscription, before, chosen.version(), now, next);
            }
        };
    }

    /**
     * Releases the version and stores the scan in one transaction, under the scan row's lock, unless another scan of
     * the subscription (another replica, a person's "scan now") released a version since this one read the state:
     * then that scan's state stands, and this one changes nothing.
     */
    private ChartSubscriptionScan releaseOnce(
            ChartSubscription subscription,
            ChartSubscriptionScan before,
            ChartVersion version,
            Instant now,
            Instant next) {
        AppName application = subscription.application();
        String message =
                "chart-automation: %s %s".formatted(subscription.chart().text(), version);
        ChartSubscriptionScan[] after = new ChartSubscriptionScan[1];
        Optional<ChartReleaseOutcome> released = charts.release(
                application,
                new ChartReleaseRequest(
                        new ChartSource.Remote(subscription.chart(), version),
                        Map.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(Actor.CHART_AUTOMATION.name()),
                        Optional.of(message),
                        version.text().length() <= 15 ? Optional.of(version.text()) : Optional.empty(),
                        Optional.empty()),
                Actor.CHART_AUTOMATION,
                transaction -> store.lockReleased(transaction.handle(), application, subscription.name())
                        .filter(before.releasedChartVersion()::equals)
                        .isPresent(),
                (transaction, outcome) -> {
                    after[0] = new ChartSubscriptionScan(
                            Optional.of(now),
                            next,
                            Optional.empty(),
                            Optional.of(version.text()),
                            Optional.of(version.text()),
                            Optional.of(outcome.release().release().version()),
                            Optional.of(describe(version, outcome)));
                    store.saveScan(transaction.handle(), application, subscription.name(), after[0]);
                });
        if (released.isEmpty()) {
            return database.read(handle -> store.find(handle, application, subscription.name())
                    .map(ChartSubscriptionStore.Stored::scan)
                    .orElse(before));
        }
        log.info(
                "Chart subscription {}/{} chose {} {}: release {}",
                application,
                subscription.name(),
                subscription.chart().text(),
                version,
                released.get().release().release().version());
        return after[0];
    }

    private void save(ChartSubscription subscription, ChartSubscriptionScan scan) {
        database.inTransaction(transaction -> {
            if (store.find(transaction.handle(), subscription.application(), subscription.name())
                    .isPresent()) {
                store.saveScan(transaction.handle(), subscription.application(), subscription.name(), scan);
            }
            return null;
        });
    }

    private static String describe(ChartVersion version, ChartReleaseOutcome outcome) {
        String deployments = outcome.release().autoDeployments().stream()
                .map(ChartSubscriptionService::describe)
                .collect(Collectors.joining("; "));
        return "released chart %s as version %s%s"
                .formatted(
                        version,
                        outcome.release().release().version(),
                        deployments.isEmpty() ? "" : ": " + deployments);
    }

    private static String describe(AutoDeployment deployment) {
        return switch (deployment.status()) {
            case DEPLOYED -> "deployed to " + deployment.environment();
            case QUEUED ->
                "queued in %s (%s)"
                        .formatted(deployment.environment(), deployment.reason().orElse(""));
            case SKIPPED ->
                "not deployed to %s (%s)"
                        .formatted(deployment.environment(), deployment.reason().orElse(""));
        };
    }

    private ChartSubscriptionStore.Stored find(Handle handle, AppName application, String name) {
        return store.find(handle, application, name)
                .orElseThrow(() -> new TrebuchetException(
                        ErrorCode.CHART_SUBSCRIPTION_NOT_FOUND,
                        "application %s has no chart subscription %s".formatted(application, name),
                        Map.of("application", application.value(), "subscription", name)));
    }

    private static SubscriptionView view(ChartSubscriptionStore.Stored stored) {
        return new SubscriptionView(stored.subscription(), stored.scan());
    }
}
