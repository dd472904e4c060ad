package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.trebuchet.audit.Event;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Decides which parts of the manifest repository a batch of events can have changed: environments whose files
 * ({@code config.json} and the Argo CD or Flux file) must be rendered again, and placements (an application in an
 * environment) whose manifests directory must be. Applications whose own settings changed (a team) are listed apart:
 * they touch the files of every environment where they run, which only the state knows.
 */
record ChangeScope(SortedSet<EnvName> environments, SortedSet<Placement> placements, SortedSet<AppName> applications) {
    ChangeScope {
        environments = Collections.unmodifiableSortedSet(new TreeSet<>(environments));
        placements = Collections.unmodifiableSortedSet(new TreeSet<>(placements));
        applications = Collections.unmodifiableSortedSet(new TreeSet<>(applications));
    }

    static ChangeScope of(Collection<Event> events) {
        // Into one set each: a union per event would copy the sets of a batch of thousands once per event.
        SortedSet<EnvName> environments = new TreeSet<>();
        SortedSet<Placement> placements = new TreeSet<>();
        SortedSet<AppName> applications = new TreeSet<>();
        for (Event event : events) {
            ChangeScope scope = of(event);
            environments.addAll(scope.environments);
            placements.addAll(scope.placements);
            applications.addAll(scope.applications);
        }
        return new ChangeScope(environments, placements, applications);
    }

    private static ChangeScope empty() {
        return new ChangeScope(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
    }

    /** What one event can have changed; a switch expression, so that a new kind of event must be decided here. */
    private static ChangeScope of(Event event) {
        return switch (event.kind()) {
            case ENVIRONMENT_CREATED, ENVIRONMENT_UPDATED, ENVIRONMENT_DELETED ->
                new ChangeScope(
                        new TreeSet<>(Set.of(required(event.environment().orElse(null), event))),
                        new TreeSet<>(),
                        new TreeSet<>());
            case APPLICATION_CREATED, APPLICATION_UPDATED ->
                new ChangeScope(
                        new TreeSet<>(),
                        new TreeSet<>(),
                        new TreeSet<>(Set.of(required(event.application().orElse(null), event))));
            case DEPLOYED, REMOVED -> {
                EnvName environment = required(event.environment().orElse(null), event);
                yield new ChangeScope(
                        new TreeSet<>(Set.of(environment)),
                        new TreeSet<>(Set.of(
                                new Placement(required(event.application().orElse(null), event), environment))),
                        new TreeSet<>());
            }
            case RELEASE_TRAIN -> {
                // One event per environment; its payload lists what the train deployed there.
                EnvName environment = required(event.environment().orElse(null), event);
                SortedSet<Placement> placements = new TreeSet<>();
                if (event.payload() instanceof EventPayload.ReleaseTrain train) {
                    train.deployed()
                            .forEach(deployed -> placements.add(new Placement(deployed.application(), environment)));
                }
                yield new ChangeScope(new TreeSet<>(Set.of(environment)), placements, new TreeSet<>());
            }
            // No file changes: a release is exported when it is deployed; an application is deleted only once it
            // runs nowhere; queued versions and locks live in the store, not in git.
            case RELEASE_CREATED,
                    APPLICATION_DELETED,
                    DEPLOYMENT_QUEUED,
                    LOCK_CREATED,
                    LOCK_UPDATED,
                    LOCK_DELETED,
                    HOLD_PLACED,
                    HOLD_RELEASED,
                    // Values and stacks shape the manifests of future releases, not of what runs.
                    STACK_CREATED,
                    STACK_UPDATED,
                    STACK_DELETED,
                    PLATFORM_VALUES_UPDATED,
                    // The export's own record; a forced render writes the whole tree anyway.
                    EXPORT_DIVERGED,
                    EXPORT_FORCED,
                    // Who may sign in is not part of the manifest repository.
                    TOKEN_CREATED,
                    TOKEN_REVOKED -> empty();
        };
    }

    /**
     * This scope with the environments where its applications run added: their files carry the applications'
     * settings.
     */
    ChangeScope withEnvironmentsOf(Map<AppName, ? extends Set<EnvName>> runningIn) {
        SortedSet<EnvName> all = new TreeSet<>(environments);
        for (AppName application : applications) {
            Set<EnvName> running = runningIn.get(application);
            if (running != null) {
                all.addAll(running);
            }
        }
        return new ChangeScope(all, placements, applications);
    }

    ChangeScope union(ChangeScope other) {
        SortedSet<EnvName> allEnvironments = new TreeSet<>(environments);
        allEnvironments.addAll(other.environments);
        SortedSet<Placement> allPlacements = new TreeSet<>(placements);
        allPlacements.addAll(other.placements);
        SortedSet<AppName> allApplications = new TreeSet<>(applications);
        allApplications.addAll(other.applications);
        return new ChangeScope(allEnvironments, allPlacements, allApplications);
    }

    boolean isEmpty() {
        return environments.isEmpty() && placements.isEmpty() && applications.isEmpty();
    }

    private static <T> T required(T value, Event event) {
        return requireNonNull(value, () -> "event %d of kind %s lacks its subject".formatted(event.id(), event.kind()));
    }
}
