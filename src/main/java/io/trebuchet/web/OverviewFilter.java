package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import java.util.Locale;
import java.util.Optional;

/**
 * What a person asked the overview to show: applications whose name contains {@code name} (ignoring case), of one
 * team, of one stack, grouped or not, and which page. It lives in the URL, so a view can be bookmarked and shared.
 */
record OverviewFilter(
        Optional<String> name, Optional<TeamName> team, Optional<StackName> stack, Grouping grouping, int page) {
    static final int MAX_NAME_LENGTH = 100;

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

    OverviewFilter {
        requireNonNull(name, "name is null");
        requireNonNull(team, "team is null");
        requireNonNull(stack, "stack is null");
        requireNonNull(grouping, "grouping is null");
        name = name.map(text -> text.strip().toLowerCase(Locale.ROOT))
                .filter(text -> !text.isEmpty())
                .map(text -> text.length() > MAX_NAME_LENGTH ? text.substring(0, MAX_NAME_LENGTH) : text);
        page = Math.max(1, page);
    }

    static OverviewFilter all() {
        return new OverviewFilter(Optional.empty(), Optional.empty(), Optional.empty(), Grouping.NONE, 1);
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

    /** The URL of page {@code number} of this view. */
    String link(int number) {
        return new QueryString()
                .add("name", nameText())
                .add("team", team.map(TeamName::value).orElse(""))
                .add("stack", stack.map(StackName::value).orElse(""))
                .add("group", grouping.parameter())
                .add("page", number > 1 ? Integer.toString(number) : "")
                .on("/");
    }
}
