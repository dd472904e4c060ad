package io.trebuchet.config;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.Application;
import io.trebuchet.application.ApplicationService;
import io.trebuchet.application.ApplicationSpec;
import io.trebuchet.chart.ChartReleaseService;
import io.trebuchet.chart.ChartSubscriptionService;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.StackName;
import io.trebuchet.deploy.DeployService;
import io.trebuchet.deploy.Deployment;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentConfig;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.imageautomation.ImageAutomationService;
import io.trebuchet.stack.Stack;
import io.trebuchet.stack.StackDefinition;
import io.trebuchet.stack.StackService;
import io.trebuchet.store.Database;
import io.trebuchet.store.NamedLocks;
import io.trebuchet.store.Transaction;
import io.trebuchet.values.ValuesService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Plans and applies a platform. Apply is one transaction: it takes the environments' lock, plans against what it
 * reads, and carries out every change through the environment and release services, which check and record each one
 * as they always do; any refusal rolls the whole apply back.
 */
public final class ConfigService {
    private final Database database;
    private final EnvironmentService environments;
    private final ApplicationService applications;
    private final DeployService deploys;
    private final StackService stacks;
    private final ValuesService values;
    private final ImageAutomationService imageAutomation;
    private final ChartSubscriptionService chartSubscriptions;
    private final ChartReleaseService chartReleases;

    public ConfigService(
            Database database,
            EnvironmentService environments,
            ApplicationService applications,
            DeployService deploys,
            StackService stacks,
            ValuesService values,
            ImageAutomationService imageAutomation,
            ChartSubscriptionService chartSubscriptions,
            ChartReleaseService chartReleases) {
        this.database = requireNonNull(database, "database is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.deploys = requireNonNull(deploys, "deploys is null");
        this.stacks = requireNonNull(stacks, "stacks is null");
        this.values = requireNonNull(values, "values is null");
        this.imageAutomation = requireNonNull(imageAutomation, "imageAutomation is null");
        this.chartSubscriptions = requireNonNull(chartSubscriptions, "chartSubscriptions is null");
        this.chartReleases = requireNonNull(chartReleases, "chartReleases is null");
    }

    /** What {@link #apply} would do now, without doing it. */
    public ConfigPlan plan(Platform platform, boolean prune) {
        requireNonNull(platform, "platform is null");
        return database.inSnapshot(transaction -> ConfigPlanner.plan(platform, state(transaction.handle()), prune));
    }

    /** Makes the server match {@code platform}, all or nothing; returns what was done (empty when nothing was). */
    public ConfigPlan apply(Platform platform, boolean prune, Actor actor) {
        requireNonNull(platform, "platform is null");
        requireNonNull(actor, "actor is null");
        return database.inTransaction(transaction -> {
            NamedLocks.lock(transaction.handle(), "environments");
            ConfigPlan plan = ConfigPlanner.plan(platform, state(transaction.handle()), prune);
            plan.changes().forEach(change -> execute(transaction, platform, change, actor));
            return plan;
        });
    }

    private void execute(Transaction transaction, Platform platform, ConfigChange change, Actor actor) {
        switch (change.kind()) {
            case PLATFORM ->
                values.putPlatformValues(transaction, platform.platform().values(), actor);
            case STACK -> {
                StackName name = StackName.of(change.name());
                switch (change.action()) {
                    case CREATE, UPDATE -> stacks.put(transaction, name, stack(platform, name), actor);
                    case DELETE -> stacks.delete(transaction, name, actor);
                }
            }
            case ENVIRONMENT -> {
                EnvName name = EnvName.of(change.name());
                switch (change.action()) {
                    case CREATE, UPDATE ->
                        environments.put(transaction, name, environmentConfig(platform, name), actor);
                    case DELETE -> environments.delete(transaction, name, actor);
                }
            }
            case APPLICATION -> {
                AppName name = AppName.of(change.name());
                switch (change.action()) {
                    case CREATE, UPDATE -> {
                        // A declared chart directory's archive is kept before the application names its digest.
                        declaration(platform, name)
                                .chart()
                                .flatMap(ChartDeclaration::packedArchive)
                                .ifPresent(archive -> chartReleases.keepArchive(transaction, archive));
                        applications.put(transaction, name, spec(platform, name), actor);
                    }

                    case DELETE -> applications.archive(transaction, name, actor);
                }
            }
            case CHART_SUBSCRIPTION -> {
                String[] parts = change.name().split("/", 2);
                AppName application = AppName.of(parts[0]);
                switch (change.action()) {
                    case CREATE, UPDATE ->
                        chartSubscriptions.put(
                                transaction,
                                platform.applications().stream()
                                        .filter(declaration ->
                                                declaration.name().equals(application))
                                        .findFirst()
                                        .orElseThrow()
                                        .subscriptions()
                                        .get(parts[1]));
                    case DELETE -> chartSubscriptions.delete(transaction, application, parts[1]);
                }
            }
            case IMAGE_SOURCE -> {
                String[] parts = change.name().split("/", 2);
                AppName application = AppName.of(parts[0]);
                switch (change.action()) {
                    case CREATE, UPDATE ->
                        imageAutomation.put(
                                transaction,
                                platform.applications().stream()
                                        .filter(declaration ->
                                                declaration.name().equals(application))
                                        .findFirst()
                                        .orElseThrow()
                                        .sources()
                                        .get(parts[1]));
                    case DELETE -> imageAutomation.delete(transaction, application, parts[1]);
                }
            }
        }
    }

    private static EnvironmentConfig environmentConfig(Platform platform, EnvName name) {
        return platform.environments().stream()
                .filter(declaration -> declaration.name().equals(name))
                .findFirst()
                .orElseThrow()
                .config();
    }

    private static ApplicationSpec spec(Platform platform, AppName name) {
        return declaration(platform, name).spec();
    }

    private static ApplicationDeclaration declaration(Platform platform, AppName name) {
        return platform.applications().stream()
                .filter(declaration -> declaration.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static StackDefinition stack(Platform platform, StackName name) {
        return platform.stacks().stream()
                .filter(declaration -> declaration.name().equals(name))
                .findFirst()
                .orElseThrow()
                .definition();
    }

    private PlatformState state(Handle handle) {
        Map<EnvName, EnvironmentConfig> environmentConfigs =
                environments.list(handle).stream().collect(Collectors.toMap(Environment::name, Environment::config));
        Map<AppName, ApplicationSpec> specs = new HashMap<>();
        Map<AppName, Long> releaseCounts = new HashMap<>();
        for (Application application : applications.list(handle)) {
            specs.put(application.name(), applications.spec(handle, application.name()));
            releaseCounts.put(application.name(), applications.countReleases(handle, application.name()));
        }
        Map<AppName, Set<EnvName>> deployments = new HashMap<>();
        for (Deployment deployment : deploys.all(handle)) {
            deployments
                    .computeIfAbsent(deployment.application(), ignored -> new TreeSet<>())
                    .add(deployment.environment());
        }
        Map<StackName, StackDefinition> stackDefinitions = new HashMap<>();
        for (Stack stack : stacks.list(handle)) {
            stackDefinitions.put(stack.name(), new StackDefinition(stack.description(), stack.values()));
        }
        return new PlatformState(
                environmentConfigs,
                specs,
                releaseCounts,
                deployments,
                stackDefinitions,
                values.platformValues(handle),
                imageAutomation.sources(handle),
                chartSubscriptions.subscriptions(handle));
    }
}
