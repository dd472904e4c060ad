package io.trebuchet.chart;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.Version;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/** SQL of chart releases: what each was rendered from, and its values per environment. */
final class ChartStore {
    /** Records what a new release was rendered from; a release created again (the same one) keeps its first row. */
    void insert(Handle handle, ChartRelease release, byte[] archive) {
        int inserted = handle.createUpdate("""
                        insert into chart_releases
                            (application, version, source, reference, chart_name, chart_version, app_version, digest,
                             archive)
                        values (:application, :version, :source, :reference, :chartName, :chartVersion, :appVersion,
                                :digest, :archive)
                        on conflict do nothing""")
                .bind("application", release.application().value())
                .bind("version", release.version().value())
                .bind("source", release.source())
                .bind("reference", release.reference())
                .bind("chartName", release.chartName())
                .bind("chartVersion", release.chartVersion())
                .bind("appVersion", release.appVersion().orElse(null))
                .bind("digest", release.digest())
                .bind("archive", archive)
                .execute();
        if (inserted == 0) {
            return;
        }
        release.values()
                .forEach((environment, values) -> handle.createUpdate("""
                        insert into chart_release_values (application, version, environment, values_json)
                        values (:application, :version, :environment, :values)""")
                        .bind("application", release.application().value())
                        .bind("version", release.version().value())
                        .bind("environment", environment.value())
                        .bind("values", Json.write(values))
                        .execute());
    }

    Map<Version, String> chartVersions(Handle handle, AppName application, Collection<Version> of) {
        Map<Version, String> versions = new TreeMap<>();
        if (of.isEmpty()) {
            return versions;
        }
        handle.createQuery("""
                        select version, chart_name, chart_version from chart_releases
                        where application = :application and version in (<versions>)""")
                .bind("application", application.value())
                .bindList("versions", of.stream().map(Version::value).toList())
                .map((result, context) -> Map.entry(
                        new Version(result.getLong("version")),
                        result.getString("chart_name") + " " + result.getString("chart_version")))
                .forEach(entry -> versions.put(entry.getKey(), entry.getValue()));
        return versions;
    }

    Optional<ChartRelease> find(Handle handle, AppName application, Version version) {
        Optional<Map<String, Object>> row = handle.createQuery("""
                        select source, reference, chart_name, chart_version, app_version, digest
                        from chart_releases where application = :application and version = :version""")
                .bind("application", application.value())
                .bind("version", version.value())
                .mapToMap()
                .findOne();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Map<EnvName, Map<String, Object>> values = new TreeMap<>();
        handle.createQuery("""
                        select environment, values_json from chart_release_values
                        where application = :application and version = :version""")
                .bind("application", application.value())
                .bind("version", version.value())
                .map((result, context) -> Map.entry(result.getString("environment"), result.getString("values_json")))
                .forEach(entry -> values.put(EnvName.of(entry.getKey()), read(entry.getValue())));
        Map<String, Object> columns = row.get();
        return Optional.of(new ChartRelease(
                application,
                version,
                (String) columns.get("source"),
                (String) columns.get("reference"),
                (String) columns.get("chart_name"),
                (String) columns.get("chart_version"),
                Optional.ofNullable((String) columns.get("app_version")),
                (String) columns.get("digest"),
                values));
    }

    Optional<byte[]> archive(Handle handle, AppName application, Version version) {
        return handle.createQuery(
                        "select archive from chart_releases where application = :application and version = :version")
                .bind("application", application.value())
                .bind("version", version.value())
                .mapTo(byte[].class)
                .findOne();
    }

    /** Keeps a declared chart's archive by its digest; one kept already (the same bytes) stays. */
    void keepArchive(Handle handle, String digest, byte[] archive) {
        handle.createUpdate("""
                        insert into chart_archives (digest, archive) values (:digest, :archive)
                        on conflict do nothing""").bind("digest", digest).bind("archive", archive).execute();
    }

    Optional<byte[]> keptArchive(Handle handle, String digest) {
        return handle.createQuery("select archive from chart_archives where digest = :digest")
                .bind("digest", digest)
                .mapTo(byte[].class)
                .findOne();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String json) {
        return new LinkedHashMap<String, Object>(
                Json.read(json, Map.class, ErrorCode.INTERNAL_ERROR, "stored chart values"));
    }
}
