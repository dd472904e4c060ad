package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import java.util.Comparator;

/** An application in an environment: the unit of the manifests directory. */
public record Placement(AppName application, EnvName environment) implements Comparable<Placement> {
    private static final Comparator<Placement> ORDER =
            Comparator.comparing(Placement::environment).thenComparing(Placement::application);

    public Placement {
        requireNonNull(application, "application is null");
        requireNonNull(environment, "environment is null");
    }

    @Override
    public int compareTo(Placement other) {
        return ORDER.compare(this, other);
    }
}
