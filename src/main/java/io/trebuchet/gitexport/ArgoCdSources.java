package io.trebuchet.gitexport;

import java.util.Locale;

/**
 * How a rendered Argo CD Application points at its manifests, as Kuberpult renders it: {@link #LIST} as Kuberpult
 * v13.46 and later do by default ({@code spec.sources}, the {@code com.freiheit.kuberpult/teams} label and annotation,
 * {@code manifest-generate-paths} ending in {@code ;}); {@link #SINGLE} as Kuberpult before v13.46 did ({@code
 * spec.source}, the {@code com.freiheit.kuberpult/team} label and annotation), for Argo CD versions without
 * multiple sources and for teams migrating from such a Kuberpult. Either way an Application is written exactly as
 * that Kuberpult writes it, so that a migrating team sees no change in Argo CD's diff.
 */
public enum ArgoCdSources {
    LIST,
    SINGLE;

    /** {@code list} or {@code single}, any case. */
    public static ArgoCdSources of(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "list" -> LIST;
            case "single" -> SINGLE;
            default ->
                throw new IllegalArgumentException(
                        "Argo CD sources form must be 'list' or 'single', got '%s'".formatted(text));
        };
    }
}
