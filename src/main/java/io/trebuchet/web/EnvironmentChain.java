package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides how the environments page draws the chain of stages (an environment, or a group whose members move
 * together), listed in upstream order: an arrow from a stage to the next one it feeds, an arrow that names where a
 * stage takes its versions from when that is not the stage just before it (a branch), and a new line where a new chain
 * starts (a stage that gets every new release or has no upstream). The chain is drawn from the config alone, so it is
 * right however many chains or branches a platform has.
 */
final class EnvironmentChain {
    private EnvironmentChain() {}

    /** One stage: its members and the environments they take versions from. */
    record Stage(Set<EnvName> members, Set<EnvName> upstreams) {
        Stage {
            members = Set.copyOf(members);
            upstreams = Set.copyOf(upstreams);
        }
    }

    /** How a stage is joined to the one drawn before it. */
    enum Kind {
        /** The first stage drawn. */
        FIRST,
        /** The first stage of another chain: nothing feeds it, or it gets every new release. */
        START,
        /** Fed by the stage just before it. */
        NEXT,
        /** Fed by another stage than the one just before it: the arrow names it. */
        BRANCH
    }

    /** The link drawn before a stage, and for a branch, where its versions come from. */
    record Link(Kind kind, List<EnvName> from) {
        Link {
            requireNonNull(kind, "kind is null");
            from = List.copyOf(from);
        }

        /** "from staging" for a branch's arrow. */
        String fromText() {
            return "from " + String.join(", ", from.stream().map(EnvName::value).toList());
        }

        static final Link FIRST_LINK = new Link(Kind.FIRST, List.of());
        static final Link START_LINK = new Link(Kind.START, List.of());
        static final Link NEXT_LINK = new Link(Kind.NEXT, List.of());
    }

    /** The link before each stage, in the same order. */
    static List<Link> links(List<Stage> stages) {
        List<Link> links = new ArrayList<>();
        for (int index = 0; index < stages.size(); index++) {
            Stage stage = stages.get(index);
            TreeSet<EnvName> upstreams = new TreeSet<>(stage.upstreams());
            // A member fed by another member of its own stage is inside the stage, not a link to another.
            upstreams.removeAll(stage.members());
            if (index == 0) {
                links.add(Link.FIRST_LINK);
            } else if (upstreams.isEmpty()) {
                links.add(Link.START_LINK);
            } else if (stages.get(index - 1).members().containsAll(upstreams)) {
                links.add(Link.NEXT_LINK);
            } else {
                links.add(new Link(Kind.BRANCH, List.copyOf(upstreams)));
            }
        }
        return links;
    }
}
