package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.GroupName;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a person asked the overview to show: applications whose name contains {@code name} (ignoring case), of one
 * team, of one stack, in one state, only those out of sync or all, grouped or not, in which order, which environment
 * groups folded into one column, and which page. It lives in the URL, so a view can be bookmarked and shared.
 */
record OverviewFilter(
        Optional<String> name,
        Optional<TeamName> team,
        Optional<StackName> stack,
        Optional<State> state,
        boolean outOfSync,
        Grouping grouping,
        Sort sort,
        Set<GroupName> collapsed,
        int page) {
    static final int MAX_NAME_LENGTH = 100;
    /** Groups folded at once: more than a platform has, few enough that a crafted URL stays cheap. */
    static final int MAX_COLLAPSED = 50;

    /** A state a person triages by; {@code parameter} is its value in the URL, {@code label} its words. */
    enum State {
        /** A version waits in some environment behind a lock or a freeze. */
        QUEUED("queued", "queued"),
        /** An application or team lock stops automation for it in some environment now. */
        LOCKED("locked", "locked"),
        /** The overview warns about it somewhere (order of versions, a lock past its lifetime, a policy finding). */
        WARNINGS("warnings", "with warnings"),
        /** Some environment runs an older version than the environment it takes versions from. */
        BEHIND("behind", "behind upstream");

        private final String parameter;
        private final String label;

        State(String parameter, String label) {
            this.parameter = parameter;
            this.label = label;
        }

        String parameter() {
            return parameter;
        }

        String label() {
            return label;
        }

        /** The state a URL asks for; anything unknown means none. */
        static Optional<State> of(Optional<String> parameter) {
            for (State state : values()) {
                if (parameter.filter(state.parameter::equals).isPresent()) {
                    return Optional.of(state);
                }
            }
            return Optional.empty();
        }
    }

    /** How the rows are grouped; {@code parameter} is its value in the URL. */
    enum Grouping {
        NONE(""),
        TEAM("team"),
        STACK("stack");

        private final String parameter;

        Grouping(String parameter) {
            this.parameter = parameter;
        }

        String parameter() {
            return parameter;
        }

        /** The grouping a URL asks for; anything unknown means none. */
        static Grouping of(Optional<String> parameter) {
            for (Grouping grouping : values()) {
                if (grouping != NONE
                        && parameter.filter(grouping.parameter::equals).isPresent()) {
                    return grouping;
                }
            }
            return NONE;
        }
    }

    /** The order of the rows (inside each group); {@code parameter} is its value in the URL, {@code label} its words. */
    enum Sort {
        /** Alphabetical: where a person looks for a name they know. */
        NAME("", "name"),
        /** The applications in most triage states first (queued, locked, warnings, behind), then by name. */
        ATTENTION("attention", "needs attention first"),
        /** The application deployed last anywhere first: what just changed. */
        RECENT("recent", "recently deployed first");

        private final String parameter;
        private final String label;

        Sort(String parameter, String label) {
            this.parameter = parameter;
            this.label = label;
        }

        String parameter() {
            return parameter;
        }

        String label() {
            return label;
        }

        /** The order a URL asks for; anything unknown means by name. */
        static Sort of(Optional<String> parameter) {
            for (Sort sort : values()) {
                if (sort != NAME && parameter.filter(sort.parameter::equals).isPresent()) {
                    return sort;
                }
            }
            return NAME;
        }
    }

    OverviewFilter {
        requireNonNull(name, "name is null");
        requireNonNull(team, "team is null");
        requireNonNull(stack, "stack is null");
        requireNonNull(state, "state is null");
        requireNonNull(grouping, "grouping is null");
        requireNonNull(sort, "sort is null");
        collapsed = Collections.unmodifiableSet(new TreeSet<>(collapsed));
        name = name.map(text -> text.strip().toLowerCase(Locale.ROOT))
                .filter(text -> !text.isEmpty())
                .map(text -> text.length() > MAX_NAME_LENGTH ? text.substring(0, MAX_NAME_LENGTH) : text);
        page = Math.max(1, page);
    }

    /** A filter on name, team and stack only. */
    OverviewFilter(
            Optional<String> name, Optional<TeamName> team, Optional<StackName> stack, Grouping grouping, int page) {
        this(name, team, stack, Optional.empty(), false, grouping, Sort.NAME, Set.of(), page);
    }

    static OverviewFilter all() {
        return new OverviewFilter(Optional.empty(), Optional.empty(), Optional.empty(), Grouping.NONE, 1);
    }

    boolean selects(State candidate) {
        return state.isPresent() && state.get() == candidate;
    }

    List<State> states() {
        return List.of(State.values());
    }

    String nameText() {
        return name.orElse("");
    }

    boolean selects(TeamName candidate) {
        return team.isPresent() && team.get().equals(candidate);
    }

    boolean selects(StackName candidate) {
        return stack.isPresent() && stack.get().equals(candidate);
    }

    boolean groupsBy(Grouping candidate) {
        return grouping == candidate;
    }

    boolean sortsBy(Sort candidate) {
        return sort == candidate;
    }

    List<Sort> sorts() {
        return List.of(Sort.values());
    }

    /**
     * The groups a URL's {@code collapse} names (comma-separated); a name that is not a group name is left out, as
     * the page ignores what it does not know.
     */
    static Set<GroupName> collapsed(Optional<String> parameter) {
        Set<GroupName> groups = new TreeSet<>();
        for (String name : parameter.orElse("").split(",", -1)) {
            try {
                if (!name.isBlank() && groups.size() < MAX_COLLAPSED) {
                    groups.add(GroupName.of(name.strip()));
                }
            } catch (TrebuchetException e) {
                // Not a group's name: nothing to fold.
            }
        }
        return groups;
    }

    /** This view with {@code group} folded into one column, or shown apart again when it is. */
    OverviewFilter toggling(GroupName group) {
        Set<GroupName> groups = new TreeSet<>(collapsed);
        if (!groups.remove(group)) {
            groups.add(group);
        }
        return new OverviewFilter(name, team, stack, state, outOfSync, grouping, sort, groups, page);
    }

    /** The URL of page {@code number} of this view. */
    String link(int number) {
        return new QueryString()
                .add("name", nameText())
                .add("team", team.map(TeamName::value).orElse(""))
                .add("stack", stack.map(StackName::value).orElse(""))
                .add("state", state.map(State::parameter).orElse(""))
                .add("sync", outOfSync ? "out" : "")
                .add("group", grouping.parameter())
                .add("sort", sort.parameter())
                .add(
                        "collapse",
                        String.join(
                                ",", collapsed.stream().map(GroupName::value).toList()))
                .add("page", number > 1 ? Integer.toString(number) : "")
                .on("/");
    }
}
