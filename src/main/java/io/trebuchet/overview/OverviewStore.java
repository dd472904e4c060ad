package io.trebuchet.overview;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.policy.PolicyCheck;
import io.trebuchet.policy.Violation;
import io.trebuchet.store.Rows;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of the overview: every deployment with its findings, and every application's row, each read as one query. */
final class OverviewStore {
    record Row(AppName name, Optional<TeamName> team, Optional<StackName> stack, Optional<Version> latest) {}

    record CellRow(AppName application, EnvName environment, Overview.Cell cell, List<Violation> violations) {}

    /** The deployments (of one application, or of all), with the policy violations of what each runs. */
    List<CellRow> cells(Handle handle, Optional<AppName> only) {
        return handle.createQuery("""
                        select d.application, d.environment, d.version, d.deployed_at, d.actor_name,
                            d.actor_email, d.reason, d.display_version, d.violations,
                            case when d.violations is null then (
                                select m.content from release_manifests m
                                where m.application = d.application and m.version = d.version
                                    and m.environment = d.environment) end as content
                        from deployments d
                        """ + (only.isPresent() ? " where d.application = :application" : ""))
                .bind("application", only.map(AppName::value).orElse(null))
                .map((row, ctx) -> new CellRow(
                        new AppName(row.getString("application")),
                        new EnvName(row.getString("environment")),
                        new Overview.Cell(
                                new Version(row.getLong("version")),
                                Rows.optionalString(row, "display_version"),
                                Rows.instant(row, "deployed_at"),
                                new Actor(row.getString("actor_name"), row.getString("actor_email")),
                                row.getString("reason")),
                        PolicyCheck.storedOrChecked(
                                row.getString("violations"), String.valueOf(row.getString("content")))))
                .list();
    }

    /** The applications that are not archived (one, or all), in name order, with their latest version. */
    List<Row> rows(Handle handle, Optional<AppName> only) {
        return handle.createQuery("""
                        select a.name, a.team, a.stack, a.latest_version as latest
                        from applications a
                        where a.archived_at is null
                        """ + (only.isPresent() ? " and a.name = :application" : "") + " order by a.name")
                .bind("application", only.map(AppName::value).orElse(null))
                .map((row, ctx) -> new Row(
                        new AppName(row.getString("name")),
                        Rows.optionalString(row, "team").map(TeamName::new),
                        Rows.optionalString(row, "stack").map(StackName::new),
                        Rows.optionalLong(row, "latest").map(Version::new)))
                .list();
    }
}
