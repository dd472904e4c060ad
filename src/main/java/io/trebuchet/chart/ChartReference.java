package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a release's chart comes from: an archive uploaded with it, an OCI repository ({@code
 * oci://registry.example.com/charts/mapserver}) or a classic chart repository (its URL, serving {@code index.yaml}) and
 * a chart name. References carry no version (that is {@link ChartVersion}) and no credentials.
 */
public sealed interface ChartReference {
    /** Chart names as Helm recommends them: lower case letters, digits and dashes. */
    Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    Pattern OCI_PATH =
            Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

    int MAX_LENGTH = 1024;

    /** How the reference is stored: {@code upload}, {@code oci} or {@code repository}. */
    String source();

    /** The reference as users write it. */
    String text();

    /** An archive sent with the release; its name is the one in its Chart.yaml. */
    record Uploaded(String name) implements ChartReference {
        public Uploaded {
            requireNonNull(name, "name is null");
        }

        @Override
        public String source() {
            return "upload";
        }

        @Override
        public String text() {
            return "upload:" + name;
        }
    }

    /** A chart in an OCI registry: the repository's host (with port) and path; the chart's name is the last segment. */
    record Oci(String host, String path) implements ChartReference {
        public Oci {
            requireNonNull(host, "host is null");
            requireNonNull(path, "path is null");
        }

        public String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        @Override
        public String source() {
            return "oci";
        }

        @Override
        public String text() {
            return "oci://" + host + "/" + path;
        }
    }

    /** A chart in a classic chart repository, which lists its charts in {@code <url>/index.yaml}. */
    record Repository(URI url, String name) implements ChartReference {
        public Repository {
            requireNonNull(url, "url is null");
            requireNonNull(name, "name is null");
        }

        @Override
        public String source() {
            return "repository";
        }

        @Override
        public String text() {
            return url + " " + name;
        }
    }

    /**
     * Parses what a release names: {@code oci://host/path}, or a chart name with the URL of its repository. An
     * uploaded archive is not named, it is sent.
     */
    public static ChartReference parse(String chart, java.util.Optional<String> repository) {
        requireNonNull(chart, "chart is null");
        requireNonNull(repository, "repository is null");
        if (chart.length() > MAX_LENGTH) {
            throw invalid("chart", "is longer than %d characters".formatted(MAX_LENGTH));
        }
        if (chart.startsWith("oci://")) {
            if (repository.isPresent()) {
                throw invalid("repository", "is given with an OCI reference, which names its registry itself");
            }
            return oci(chart);
        }
        if (repository.isEmpty()) {
            throw invalid(
                    "chart",
                    "'%s' is neither an OCI reference (oci://registry/path/name) nor a chart name with a repository URL"
                            .formatted(shorten(chart)));
        }
        if (!NAME.matcher(chart).matches()) {
            throw invalid(
                    "chart",
                    "'%s' is not a chart name (lower case letters, digits and dashes)".formatted(shorten(chart)));
        }
        return new Repository(repositoryUrl(repository.get()), chart);
    }

    private static Oci oci(String reference) {
        String rest = reference.substring("oci://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw invalid("chart", "'%s' has no registry host and path".formatted(shorten(reference)));
        }
        String host = rest.substring(0, slash).toLowerCase(Locale.ROOT);
        String path = rest.substring(slash + 1);
        if (host.contains("@")) {
            throw invalid("chart", "must not carry credentials; configure them for the registry instead");
        }
        if (!host.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?")) {
            throw invalid("chart", "'%s' is not a registry host".formatted(shorten(host)));
        }
        if (path.contains(":") || path.contains("@")) {
            throw invalid(
                    "chart",
                    "'%s' names a tag or digest; give the version as chart_version instead".formatted(shorten(path)));
        }
        if (!OCI_PATH.matcher(path).matches()) {
            throw invalid("chart", "'%s' is not an OCI repository path".formatted(shorten(path)));
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!NAME.matcher(name).matches()) {
            throw invalid("chart", "'%s' is not a chart name (lower case letters, digits and dashes)".formatted(name));
        }
        return new Oci(host, path);
    }

    private static URI repositoryUrl(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid("repository", "'%s' is not a URL".formatted(shorten(text)));
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("https") && !scheme.equals("http")) || url.getHost() == null) {
            throw invalid("repository", "'%s' is not an http(s) URL".formatted(shorten(text)));
        }
        if (url.getRawUserInfo() != null) {
            throw invalid("repository", "must not carry credentials; configure them for the repository instead");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw invalid("repository", "must have no query or fragment");
        }
        String normalized = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        return URI.create(normalized);
    }

    private static TrebuchetException invalid(String field, String message) {
        return new TrebuchetException(ErrorCode.INVALID_CHART, field + " " + message, Map.of("field", field));
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
