package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One page of the overview: environments as columns (grouped, in upstream order), applications as rows (grouped when
 * asked), and where this page stands among all matching rows.
 */
record OverviewTable(
        List<ColumnGroup> columnGroups,
        List<RowGroup> rowGroups,
        int matching,
        int total,
        int page,
        int pages,
        int firstRow,
        int lastRow,
        Map<OverviewFilter.State, Integer> stateCounts,
        int outOfSync) {
    OverviewTable {
        columnGroups = List.copyOf(columnGroups);
        rowGroups = List.copyOf(rowGroups);
        stateCounts = Collections.unmodifiableMap(new EnumMap<>(stateCounts));
    }

    /** How many of the applications that match the name, team and stack are in {@code state}. */
    int count(OverviewFilter.State state) {
        return stateCounts.getOrDefault(state, 0);
    }

    List<OverviewFilter.State> states() {
        return List.of(OverviewFilter.State.values());
    }

    /**
     * The state's words with its count, as the filter offers it ("queued (12)"): a person sees how many rows a choice
     * leaves before making it, in the control itself.
     */
    String optionLabel(OverviewFilter.State state) {
        return state.label() + " (" + count(state) + ")";
    }

    /** The count the <em>Only out of sync</em> box carries after its words. */
    String outOfSyncLabel() {
        return "(" + outOfSync + ")";
    }

    /** One entry of the pager: a page's number, or a gap ({@code number} 0) where pages are left out. */
    record PageLink(int number) {
        boolean gap() {
            return number == 0;
        }
    }

    /**
     * The pages the pager offers: the first and the last, and the two on either side of the current one, with a gap
     * for each run left out, so that page 37 of 40 is one click away from both ends and its neighbours. A gap of one
     * page shows that page instead.
     */
    List<PageLink> pageLinks() {
        List<PageLink> links = new ArrayList<>();
        int last = 0;
        for (int number = 1; number <= pages; number++) {
            if (number == 1 || number == pages || Math.abs(number - page) <= 2) {
                if (number - last == 2) {
                    links.add(new PageLink(number - 1));
                } else if (number - last > 2) {
                    links.add(new PageLink(0));
                }
                links.add(new PageLink(number));
                last = number;
            }
        }
        return links;
    }

    List<Column> columns() {
        return columnGroups.stream().flatMap(group -> group.columns().stream()).toList();
    }

    /** An environment group and its environments, or (collapsed) one column for all of them. */
    record ColumnGroup(GroupName name, List<Column> columns, boolean collapsed) {
        ColumnGroup {
            requireNonNull(name, "name is null");
            columns = List.copyOf(columns);
        }

        ColumnGroup(GroupName name, List<Column> columns) {
            this(name, columns, false);
        }

        /** The group's name, left out where it would only repeat the name of its one environment. */
        String label() {
            return columns.size() == 1
                            && !collapsed
                            && columns.getFirst().environment().value().equals(name.value())
                    ? ""
                    : name.value();
        }

        /** Whether a person may fold the group into one column: it has several environments, shown apart. */
        boolean collapsible() {
            return !collapsed && columns.size() > 1;
        }
    }

    /**
     * One environment's column: its name, where it takes versions from, notes about the environment itself, and
     * whether an environment lock or a freeze stops automation there (the column is tinted). A collapsed group's
     * column stands for its {@code members}, under the group's name.
     */
    record Column(
            EnvName environment,
            String upstream,
            List<CellNote> notes,
            boolean stopped,
            Optional<GroupName> group,
            List<EnvName> members) {
        Column {
            requireNonNull(environment, "environment is null");
            requireNonNull(upstream, "upstream is null");
            notes = List.copyOf(notes);
            requireNonNull(group, "group is null");
            members = List.copyOf(members);
        }

        Column(EnvName environment, String upstream, List<CellNote> notes, boolean stopped) {
            this(environment, upstream, notes, stopped, Optional.empty(), List.of());
        }

        /** What the header shows and the cells are keyed by: the environment, or the collapsed group. */
        String name() {
            return group.map(GroupName::value).orElse(environment.value());
        }
    }

    /** Rows under one heading: a team, or every row when the overview is not grouped. */
    record RowGroup(Optional<String> heading, List<Row> rows) {
        RowGroup {
            requireNonNull(heading, "heading is null");
            rows = List.copyOf(rows);
        }
    }

    /** One application, with a cell per column. */
    record Row(
            AppName application,
            Optional<TeamName> team,
            Optional<StackName> stack,
            Optional<Version> latestVersion,
            List<Cell> cells) {
        Row {
            requireNonNull(application, "application is null");
            requireNonNull(team, "team is null");
            requireNonNull(stack, "stack is null");
            requireNonNull(latestVersion, "latestVersion is null");
            cells = List.copyOf(cells);
        }
    }

    /**
     * What one application runs in one environment, the version waiting there behind a lock or freeze, and what to
     * notice about it.
     */
    record Cell(
            EnvName environment,
            Optional<Deployed> deployed,
            Optional<Queued> queued,
            List<CellNote> notes,
            boolean stopped,
            String column,
            Optional<String> differs) {
        Cell {
            requireNonNull(environment, "environment is null");
            requireNonNull(deployed, "deployed is null");
            requireNonNull(queued, "queued is null");
            notes = List.copyOf(notes);
            requireNonNull(column, "column is null");
            requireNonNull(differs, "differs is null");
        }

        Cell(
                EnvName environment,
                Optional<Deployed> deployed,
                Optional<Queued> queued,
                List<CellNote> notes,
                boolean stopped) {
            this(environment, deployed, queued, notes, stopped, environment.value(), Optional.empty());
        }

        /** The cell's style classes. */
        String style() {
            return (deployed.isPresent() ? "cell deployed" : differs.isPresent() ? "cell differs" : "cell vacant")
                    + (queued.isPresent() ? " queued" : "")
                    + (stopped ? " stopped" : "");
        }

        String title() {
            StringBuilder title = new StringBuilder();
            differs.ifPresent(title::append);
            deployed.ifPresent(running -> title.append("Version ")
                    .append(running.version())
                    .append(running.displayVersion()
                            .map(display -> " (" + display + ")")
                            .orElse(""))
                    .append(", deployed ")
                    .append(running.reason())
                    .append(" by ")
                    .append(running.deployedBy())
                    .append(", ")
                    .append(running.time()));
            queued.ifPresent(
                    waiting -> title.append(title.isEmpty() ? "" : "\n").append(waiting.text()));
            notes.forEach(note -> title.append(title.isEmpty() ? "" : "\n").append(note.text()));
            return title.toString();
        }
    }

    /** A version automation wanted to deploy here, and the sentence that says who, when and what stopped it. */
    record Queued(Version version, String text) {
        Queued {
            requireNonNull(version, "version is null");
            requireNonNull(text, "text is null");
        }
    }

    /** A deployment as a cell shows it; {@code reason} is in words ("by hand"), see {@link ReasonWords}. */
    record Deployed(
            Version version,
            Optional<String> displayVersion,
            String age,
            String time,
            String deployedBy,
            String reason) {
        Deployed {
            requireNonNull(version, "version is null");
            requireNonNull(displayVersion, "displayVersion is null");
            requireNonNull(age, "age is null");
            requireNonNull(time, "time is null");
            requireNonNull(deployedBy, "deployedBy is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
