package io.trebuchet.web;

import io.trebuchet.core.EnvName;
import io.trebuchet.overview.Warning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides how the application page lists policy findings: the same release usually runs in several environments and
 * breaks the same policies in each, so each finding is said once, with the environments it applies to, instead of once
 * per row.
 */
final class PolicyFindings {
    private PolicyFindings() {}

    /** The policy warnings of {@code warnings}, one per distinct sentence, with its environments in {@code order}. */
    static List<ApplicationView.FindingRow> group(List<EnvName> order, Map<EnvName, List<Warning>> warnings) {
        Map<String, List<EnvName>> found = new LinkedHashMap<>();
        for (EnvName environment : order) {
            for (Warning warning : warnings.getOrDefault(environment, List.of())) {
                if (warning.code() == Warning.Code.POLICY) {
                    List<EnvName> environments =
                            found.computeIfAbsent(CellNotes.warning(warning).text(), text -> new ArrayList<>());
                    if (!environments.contains(environment)) {
                        environments.add(environment);
                    }
                }
            }
        }
        return found.entrySet().stream()
                .map(entry -> new ApplicationView.FindingRow(entry.getKey(), entry.getValue()))
                .toList();
    }

    /** The warnings that are not policy findings: those stay in their environment's row. */
    static List<Warning> others(List<Warning> warnings) {
        return warnings.stream()
                .filter(warning -> warning.code() != Warning.Code.POLICY)
                .toList();
    }
}
