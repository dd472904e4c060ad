package io.trebuchet.web;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Folds environment groups a person asked to collapse into one column each: production as one column where its
 * clusters run the same versions, so that five stages fit on a screen. Folding never hides a disagreement: a cell
 * shows the version every member runs, or says that they differ and which runs what; every member's notes stay, named
 * by member; the column is tinted when automation stops in any member.
 */
final class ColumnCollapse {
    private ColumnCollapse() {}

    /** The column groups with each group in {@code collapsed} (of several environments) as one column. */
    static List<OverviewTable.ColumnGroup> groups(List<OverviewTable.ColumnGroup> groups, Set<GroupName> collapsed) {
        return groups.stream()
                .map(group -> folds(group, collapsed)
                        ? new OverviewTable.ColumnGroup(group.name(), List.of(column(group)), true)
                        : group)
                .toList();
    }

    /** {@code row}, whose cells follow {@code groups} uncollapsed, with the cells of each collapsed group merged. */
    static OverviewTable.Row row(
            OverviewTable.Row row, List<OverviewTable.ColumnGroup> groups, Set<GroupName> collapsed) {
        List<OverviewTable.Cell> cells = new ArrayList<>();
        int from = 0;
        for (OverviewTable.ColumnGroup group : groups) {
            int to = from + group.columns().size();
            List<OverviewTable.Cell> members = row.cells().subList(from, to);
            if (folds(group, collapsed)) {
                cells.add(cell(group.name(), members));
            } else {
                cells.addAll(members);
            }
            from = to;
        }
        return new OverviewTable.Row(row.application(), row.team(), row.stack(), row.latestVersion(), cells);
    }

    private static boolean folds(OverviewTable.ColumnGroup group, Set<GroupName> collapsed) {
        return collapsed.contains(group.name()) && group.columns().size() > 1;
    }

    static OverviewTable.Column column(OverviewTable.ColumnGroup group) {
        List<OverviewTable.Column> columns = group.columns();
        List<CellNote> notes = new ArrayList<>();
        columns.forEach(column -> notes.addAll(named(column.environment(), column.notes())));
        return new OverviewTable.Column(
                columns.getFirst().environment(),
                columns.getFirst().upstream(),
                notes,
                columns.stream().anyMatch(OverviewTable.Column::stopped),
                Optional.of(group.name()),
                columns.stream().map(OverviewTable.Column::environment).toList());
    }

    /** One cell for a group's members: what they agree on, or in words how they differ. */
    static OverviewTable.Cell cell(GroupName group, List<OverviewTable.Cell> members) {
        OverviewTable.Cell first = members.getFirst();
        boolean sameDeployment = members.stream()
                .allMatch(member -> member.deployed()
                        .map(OverviewTable.Deployed::version)
                        .equals(first.deployed().map(OverviewTable.Deployed::version)));
        boolean sameQueue = members.stream()
                .allMatch(member -> member.queued()
                        .map(OverviewTable.Queued::version)
                        .equals(first.queued().map(OverviewTable.Queued::version)));
        List<String> differences = new ArrayList<>();
        if (!sameDeployment) {
            differences.add("The environments of %s run different versions: %s."
                    .formatted(
                            group,
                            String.join(
                                    ", ",
                                    members.stream()
                                            .map(member -> member.environment() + " "
                                                    + member.deployed()
                                                            .map(deployed -> "runs version " + deployed.version())
                                                            .orElse("runs nothing"))
                                            .toList())));
        }
        if (!sameQueue) {
            differences.add("Queued: %s."
                    .formatted(String.join(
                            ", ",
                            members.stream()
                                    .map(member -> member.environment() + " "
                                            + member.queued()
                                                    .map(queued -> "version " + queued.version())
                                                    .orElse("nothing"))
                                    .toList())));
        }
        List<CellNote> notes = new ArrayList<>();
        members.forEach(member -> notes.addAll(named(member.environment(), member.notes())));
        return new OverviewTable.Cell(
                first.environment(),
                sameDeployment ? first.deployed() : Optional.empty(),
                sameQueue ? first.queued() : Optional.empty(),
                notes,
                members.stream().anyMatch(OverviewTable.Cell::stopped),
                group.value(),
                differences.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", differences)));
    }

    private static List<CellNote> named(EnvName environment, List<CellNote> notes) {
        return notes.stream()
                .map(note -> new CellNote(note.kind(), environment + ": " + note.text(), note.count()))
                .toList();
    }
}
