package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.trebuchet.audit.Event;
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
        SortedSet<EnvName> environments = new TreeSet<>();
        SortedSet<Placement> placements = new TreeSet<>();
        SortedSet<AppName> applications = new TreeSet<>();
        for (Event event : events) {
            switch (event.kind()) {
                case ENVIRONMENT_CREATED, ENVIRONMENT_UPDATED, ENVIRONMENT_DELETED ->
                    environments.add(required(event.environment().orElse(null), event));
                case APPLICATION_CREATED, APPLICATION_UPDATED ->
                    applications.add(required(event.application().orElse(null), event));
                case DEPLOYED, REMOVED -> {
                    EnvName environment = required(event.environment().orElse(null), event);
                    environments.add(environment);
                    placements.add(new Placement(required(event.application().orElse(null), event), environment));
                }
                // A release changes no file: deploying it does, with an event of its own.
                case RELEASE_CREATED -> {}
            }
        }
        return new ChangeScope(environments, placements, applications);
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
