package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What a re-render of the whole tree did: the commit it wrote, if the tree differed, and the event it is at. */
public record RerenderOutcome(boolean changed, Optional<String> commit, long eventId) {
    public RerenderOutcome {
        requireNonNull(commit, "commit is null");
    }
}
