package io.trebuchet.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The platform the scenarios work on, set up through the API as CI and operators would: environments, applications
 * ({@code svc-0001}, ... in 20 teams) and their releases with Kubernetes manifests of a chosen size, trains and
 * deploys, and the export's progress.
 */
final class Fleet {
    static final String PRODUCTION = "production";

    /** The ingest scenario's three environments: dev follows the newest release, staging dev, production staging. */
    static final List<Environment> THREE_ENVIRONMENTS = List.of(
            Environment.latest("dev"),
            Environment.following("staging", "dev"),
            Environment.following("production", "staging"));

    /**
     * Ten environments: dev follows the newest release, qa follows dev, staging qa; canary, perf and the five
     * environments of the group {@code production} follow staging.
     */
    static final List<Environment> TEN_ENVIRONMENTS = List.of(
            Environment.latest("dev"),
            Environment.following("qa", "dev"),
            Environment.following("staging", "qa"),
            Environment.following("canary", "staging"),
            Environment.following("perf", "staging"),
            Environment.inGroup("prod-de", "staging", PRODUCTION),
            Environment.inGroup("prod-fr", "staging", PRODUCTION),
            Environment.inGroup("prod-uk", "staging", PRODUCTION),
            Environment.inGroup("prod-us", "staging", PRODUCTION),
            Environment.inGroup("prod-jp", "staging", PRODUCTION));

    /** The trains that bring every environment of {@link #TEN_ENVIRONMENTS} to what its upstream runs, in order. */
    static final List<String> TRAINS_IN_ORDER = List.of("qa", "staging", "canary", "perf", PRODUCTION);

    private static final int TEAMS = 20;
    private static final Duration EXPORT_TIMEOUT = Duration.ofMinutes(10);

    private Fleet() {}

    /** An environment to create: its upstream (none: follows the newest release) and group. */
    record Environment(String name, Optional<String> upstream, Optional<String> group) {
        Environment {
            requireNonNull(name, "name is null");
            requireNonNull(upstream, "upstream is null");
            requireNonNull(group, "group is null");
        }

        static Environment latest(String name) {
            return new Environment(name, Optional.empty(), Optional.empty());
        }

        static Environment following(String name, String upstream) {
            return new Environment(name, Optional.of(upstream), Optional.empty());
        }

        static Environment inGroup(String name, String upstream, String group) {
            return new Environment(name, Optional.of(upstream), Optional.of(group));
        }

        Map<String, Object> config() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put(
                    "upstream",
                    upstream.<Map<String, Object>>map(name -> Map.of("environment", name))
                            .orElse(Map.of("latest", true)));
            group.ifPresent(value -> config.put("environmentGroup", value));
            return config;
        }
    }

    static List<String> names(List<Environment> environments) {
        return environments.stream().map(Environment::name).toList();
    }

    static void createEnvironments(BenchHttp http, List<Environment> environments) {
        for (Environment environment : environments) {
            http.putJson("/api/v1/environments/" + environment.name(), environment.config());
        }
    }

    static List<String> applications(int count) {
        List<String> applications = new ArrayList<>(count);
        for (int index = 1; index <= count; index++) {
            applications.add("svc-%04d".formatted(index));
        }
        return applications;
    }

    static String team(String application) {
        return "team-%02d".formatted(Math.floorMod(application.hashCode(), TEAMS));
    }

    /**
     * The multipart body of a release as Kuberpult's CI sends it: {@code version}, team, source commit, author and
     * message, and one manifest of about {@code manifestBytes} per environment.
     */
    static byte[] release(String application, long version, List<String> environments, int manifestBytes) {
        SplittableRandom random = new SplittableRandom(seed(application, version, "commit"));
        BenchHttp.Multipart form = new BenchHttp.Multipart()
                .field("application", application)
                .field("version", Long.toString(version))
                .field("team", team(application))
                .field("source_commit_id", hex(random, 20))
                .field("source_author", "Bench CI <ci@example.com>")
                .field("source_message", "Release %d of %s".formatted(version, application))
                .field("display_version", "1.%d.0".formatted(version));
        for (String environment : environments) {
            form.file(
                    "manifests[%s]".formatted(environment), manifest(application, version, environment, manifestBytes));
        }
        return form.body();
    }

    /** A Kubernetes Deployment of about {@code bytes} (its settings pad it), the same for the same arguments. */
    static String manifest(String application, long version, String environment, int bytes) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                  namespace: %3$s
                  labels: {app: %1$s, environment: %3$s}
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: %1$s}
                  template:
                    metadata:
                      labels: {app: %1$s}
                    spec:
                      containers:
                        - name: %1$s
                          image: registry.example.com/%1$s:%2$d
                          resources:
                            requests: {cpu: 100m, memory: 128Mi}
                            limits: {cpu: 500m, memory: 256Mi}
                          env:
                """.formatted(application, version, environment));
        SplittableRandom random = new SplittableRandom(seed(application, version, environment));
        for (int setting = 1; yaml.length() < bytes; setting++) {
            yaml.append("            - {name: SETTING_%d, value: \"%s\"}\n".formatted(setting, hex(random, 16)));
        }
        return yaml.toString();
    }

    private static long seed(String application, long version, String salt) {
        return (application.hashCode() * 31L + version) * 31L + salt.hashCode();
    }

    private static String hex(SplittableRandom random, int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    /** Posts version {@code version} of every application, {@code clients} at a time; bodies are built first. */
    static Load releaseRound(
            BenchHttp http,
            List<String> applications,
            long version,
            List<String> environments,
            int manifestBytes,
            int clients) {
        List<byte[]> bodies = applications.stream()
                .map(application -> release(application, version, environments, manifestBytes))
                .toList();
        return Load.run(clients, bodies.size(), index -> http.postMultipart("/api/release", bodies.get(index)));
    }

    /** Runs a train into an environment or, for {@link #PRODUCTION}, the group; returns how many apps it moved. */
    static int train(BenchHttp http, String target) {
        JsonNode result = PRODUCTION.equals(target)
                ? http.post("/api/v1/environment-groups/" + target + "/train")
                : http.post("/api/v1/environments/" + target + "/train");
        int deployed = 0;
        for (JsonNode environment : result.path("environments")) {
            for (JsonNode application : environment.path("applications")) {
                if (application.path("skipped").isMissingNode()) {
                    deployed++;
                }
            }
        }
        return deployed;
    }

    static void deploy(BenchHttp http, String application, String environment, long version) {
        http.postJson(
                "/api/v1/environments/%s/applications/%s/deploy".formatted(environment, application),
                Map.of("version", version));
    }

    /** The newest event id and the one the remote manifest repository has. */
    record ExportProgress(long lastEventId, long cursorEventId) {
        boolean caughtUp() {
            return cursorEventId >= lastEventId;
        }
    }

    static ExportProgress exportProgress(BenchHttp http) {
        JsonNode status = http.getJson("/api/v1/export/status");
        return new ExportProgress(
                status.path("lastEventId").asLong(),
                status.path("cursorEventId").asLong());
    }

    /** Waits until the remote manifest repository has every event. */
    static void awaitExport(BenchHttp http) {
        Waiting.until(() -> exportProgress(http).caughtUp(), EXPORT_TIMEOUT, "the git export to catch up");
    }

    static long lastEventId(BenchHttp http) {
        return http.getJson("/api/v1/health").path("lastEventId").asLong();
    }
}
