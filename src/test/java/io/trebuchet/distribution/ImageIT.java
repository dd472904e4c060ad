package io.trebuchet.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import io.trebuchet.testing.TestingCommand;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServerProcess;
import io.trebuchet.testing.TestingWait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container image the build makes (target/trebuchet-image.tar, an OCI archive) is unpacked with umoci and started
 * the way a container runtime starts it: the config's entrypoint and command, its environment, its user and working
 * directory, inside the image's root file system (read-only, with /proc, /dev, a tmpfs on /tmp and a volume on /data
 * mounted in a mount namespace of its own, as the chart runs it). Only the address and port are set as {@code docker run -e} would, so that it listens on 127.0.0.1 and a
 * free port.
 */
class ImageIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static Path bundle;
    private static JsonNode config;

    @BeforeAll
    static void unpack() throws IOException {
        assumeFalse(Boolean.getBoolean("trebuchet.skipImage"), "the image was not built (-DskipImage)");
        Path archive = Path.of(System.getProperty("trebuchet.image", "target/trebuchet-image.tar"));
        assertThat(archive)
                .as("the build makes the image before the integration tests")
                .exists();
        Path directory = TestingGit.temporaryDirectory("trebuchet-image");
        Path layout = Files.createDirectories(directory.resolve("layout"));
        TestingCommand.succeed(
                layout, TIMEOUT, "tar", "-xf", archive.toAbsolutePath().toString());
        assertThat(layout.resolve("oci-layout")).exists();

        JsonNode index = read(layout.resolve("index.json"));
        JsonNode descriptor = index.path("manifests").get(0);
        JsonNode manifest = read(blob(layout, descriptor.path("digest").asText()));
        config = read(blob(layout, manifest.path("config").path("digest").asText()));
        String tag = descriptor
                .path("annotations")
                .path("org.opencontainers.image.ref.name")
                .asText();
        assertThat(tag).as("the archive names its image").isNotEmpty();

        bundle = directory.resolve("bundle");
        List<String> unpack = new ArrayList<>(List.of("umoci", "unpack"));
        if (!isRoot()) {
            unpack.add("--rootless");
        }
        unpack.addAll(List.of("--image", layout + ":" + tag, bundle.toString()));
        TestingCommand.succeed(directory, TIMEOUT, unpack.toArray(String[]::new));
    }

    @Test
    void runsAsANonRootUserOnAnUnprivilegedPortWithItsDataInOneVolume() {
        JsonNode container = config.path("config");
        assertThat(userId(container)).isGreaterThanOrEqualTo(1000);
        assertThat(container.path("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(fieldNames(container.path("ExposedPorts"))).containsExactly("8080/tcp");
        assertThat(fieldNames(container.path("Volumes"))).containsExactly("/data");
        assertThat(container.path("WorkingDir").asText()).isEqualTo("/data");
        assertThat(environment(container))
                .containsEntry("TREBUCHET_DATA_DIR", "/data")
                .containsEntry("TREBUCHET_BIND", "0.0.0.0")
                .containsEntry("TREBUCHET_PORT", "8080");
        assertThat(container.path("Entrypoint").get(0).asText()).isEqualTo("/opt/java/bin/java");
        assertThat(container.path("Cmd").toString()).isEqualTo("[\"serve\"]");
        assertThat(config.path("os").asText()).isEqualTo("linux");
    }

    @Test
    void hasNoProgramButJavaAndTheShellTheEmbeddedStoreStartsWith() throws IOException {
        Path rootfs = bundle.resolve("rootfs");
        assertThat(rootfs.resolve("usr/bin/sh")).doesNotExist();
        List<String> executables;
        try (Stream<Path> files = Files.walk(rootfs)) {
            executables = files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().contains(".so"))
                    .filter(ImageIT::executable)
                    .map(file -> "/" + rootfs.relativize(file))
                    .sorted()
                    .toList();
        }
        assertThat(executables)
                .as("the programs in the image")
                .containsExactlyInAnyOrder(
                        "/bin/sh", "/opt/java/bin/java", "/opt/java/lib/jexec", "/opt/java/lib/jspawnhelper");
        assertThat(Files.readString(rootfs.resolve("etc/passwd"))).contains("trebuchet:x:1000:1000:");
    }

    @Test
    void servesReleasesAndExportsIntoItsDataVolume() throws IOException {
        assumeTrue(isRoot(), "starting the image needs root to mount /proc and the volume in a mount namespace");
        Path rootfs = bundle.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("proc"));
        Files.createDirectories(rootfs.resolve("dev"));
        Path volume = TestingGit.temporaryDirectory("trebuchet-volume");
        JsonNode container = config.path("config");
        String user = container.path("User").asText();
        // The volume belongs to the image's user, as Kubernetes' fsGroup arranges.
        TestingCommand.succeed(volume, TIMEOUT, "chown", user, volume.toString());

        int port = TestingServerProcess.freePort();
        Map<String, String> environment = environment(container);
        environment.put("TREBUCHET_BIND", "127.0.0.1");
        environment.put("TREBUCHET_PORT", Integer.toString(port));
        environment.put("TREBUCHET_EXPORT_MAX_DELAY_MS", "20");
        List<String> command = new ArrayList<>(List.of(
                "unshare",
                "--mount",
                "sh",
                "-ec",
                // The root file system is a mount of its own, as in a container (Java looks up the file store of
                // /data in /proc/mounts), read-only as the chart runs it, with /proc, /dev, a tmpfs on /tmp (the
                // chart's emptyDir) and the volume on it.
                "r=$1; v=$2; shift 2; mount --bind \"$r\" \"$r\"; mount -o remount,bind,ro \"$r\";"
                        + " mount -t proc proc \"$r/proc\"; mount --rbind /dev \"$r/dev\";"
                        + " mount -t tmpfs -o mode=1777 tmpfs \"$r/tmp\"; mount --bind \"$v\" \"$r/data\";"
                        + " exec \"$@\"",
                "runtime",
                rootfs.toString(),
                volume.toString(),
                "/usr/bin/env",
                "-i"));
        environment.forEach((name, value) -> command.add(name + "=" + value));
        command.addAll(List.of(
                "/usr/bin/unshare",
                "--root=" + rootfs,
                "--wd=" + container.path("WorkingDir").asText(),
                "--setuid=" + user.split(":", -1)[0],
                "--setgid=" + user.split(":", -1)[1],
                "--"));
        container.path("Entrypoint").forEach(argument -> command.add(argument.asText()));
        container.path("Cmd").forEach(argument -> command.add(argument.asText()));

        Path log = TestingGit.temporaryDirectory("trebuchet-image-log").resolve("server.log");
        TestingServerProcess server = TestingServerProcess.startCommand(command, volume, Map.of(), port, log);
        try {
            assertThat(server.http().get("/api/v1/health/ready").status()).isEqualTo(200);
            assertThat(processUserId(server)).isEqualTo(user.split(":", -1)[0]);
            new TestingPlatform(server.http()).threeStages().release("cart", "dev", "staging");
            TestingWait.until(
                    "the export to catch up",
                    Duration.ofSeconds(60),
                    () -> server.http()
                                    .get("/api/v1/export/status")
                                    .json()
                                    .path("eventsBehind")
                                    .asLong()
                            == 0);
        } finally {
            server.terminate();
        }
        assertThat(server.awaitExitCode()).isIn(0, 143);
        assertThat(server.log()).contains("Trebuchet stopped").doesNotContain(" ERROR ", " WARN ");

        Path repository = volume.resolve("manifests.git");
        assertThat(repository).isDirectory();
        assertThat(git(repository, "show", "main:environments/dev/applications/cart/manifests/manifests.yaml"))
                .contains("name: cart");
        assertThat(git(repository, "log", "-1", "--format=%B", "main")).contains("Trebuchet-Event: ");
        assertThat(volume.resolve("postgres/PG_VERSION")).exists();
        assertThat(volume.resolve("postgres/postmaster.pid"))
                .as("the store's server stopped with Trebuchet")
                .doesNotExist();
    }

    private static String git(Path repository, String... args) {
        List<String> command = new ArrayList<>(List.of("-c", "safe.directory=*"));
        command.addAll(List.of(args));
        return TestingGit.git(repository, command.toArray(String[]::new));
    }

    private static String processUserId(TestingServerProcess server) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> line.split("\\s+", -1)[1])
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int userId(JsonNode container) {
        return Integer.parseInt(container.path("User").asText().split(":", -1)[0]);
    }

    private static Map<String, String> environment(JsonNode container) {
        Map<String, String> environment = new LinkedHashMap<>();
        container.path("Env").forEach(entry -> {
            String[] parts = entry.asText().split("=", 2);
            environment.put(parts[0], parts[1]);
        });
        return environment;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean executable(Path file) {
        try {
            return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path blob(Path layout, String digest) {
        String[] parts = digest.split(":", 2);
        return layout.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
    }

    private static JsonNode read(Path file) {
        try {
            return Json.mapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
