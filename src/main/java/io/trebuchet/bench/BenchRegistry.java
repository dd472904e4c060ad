package io.trebuchet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on 127.0.0.1, storing under a directory, for the images
 * scenario. Images are pushed over the registry API itself: the config and layer blobs once, mounted into every other
 * repository, and one small OCI manifest per tag (with the tag in an annotation, so that every tag has its own
 * digest). The registry's access log (its standard output) counts the requests it received, by user agent.
 */
final class BenchRegistry implements AutoCloseable {
    /** The user agent of the bench's own requests (pushes), which the request counts leave out. */
    static final String PUSHER = "trebuchet-bench-push";

    private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private static final byte[] CONFIG =
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                    .getBytes(StandardCharsets.UTF_8);
    private static final byte[] LAYER = "trebuchet bench layer".getBytes(StandardCharsets.UTF_8);

    private final Process process;
    private final int port;
    private final Path accessLog;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private String blobsIn;

    private BenchRegistry(Process process, int port, Path accessLog) {
        this.process = process;
        this.port = port;
        this.accessLog = accessLog;
    }

    static boolean available() {
        return Processes.available("docker-registry");
    }

    static BenchRegistry start(Path directory) {
        int port = ServerProcess.freePort();
        try {
            Files.createDirectories(directory);
            Path config = directory.resolve("config.yml");
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: %s
                    http:
                      addr: 127.0.0.1:%d
                      secret: trebuchet-bench
                    """.formatted(directory.resolve("data"), port));
            Path accessLog = directory.resolve("access.log");
            Process process = new ProcessBuilder("docker-registry", "serve", config.toString())
                    .redirectOutput(accessLog.toFile())
                    .redirectError(directory.resolve("registry.log").toFile())
                    .start();
            BenchRegistry registry = new BenchRegistry(process, port, accessLog);
            Waiting.until(registry::answers, Duration.ofSeconds(30), "docker-registry to answer on port " + port);
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start docker-registry", e);
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    String host() {
        return "127.0.0.1:" + port;
    }

    /** The image reference an image source names. */
    String image(String repository) {
        return "http://" + host() + "/" + repository;
    }

    /** Pushes a manifest tagged {@code tag} to {@code repository}; the blobs are uploaded or mounted first. */
    void push(String repository, String tag) {
        if (blobsIn == null) {
            upload(repository, CONFIG);
            upload(repository, LAYER);
            blobsIn = repository;
        } else if (!blobsIn.equals(repository)) {
            mount(repository, CONFIG);
            mount(repository, LAYER);
        }
        String manifest = """
                {"schemaVersion":2,"mediaType":"%s",\
                "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},\
                "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d}],\
                "annotations":{"org.opencontainers.image.version":"%s"}}""".formatted(MANIFEST_TYPE, digest(CONFIG), CONFIG.length, digest(LAYER), LAYER.length, tag);
        expect(
                send(request("/v2/" + repository + "/manifests/" + tag)
                        .header("Content-Type", MANIFEST_TYPE)
                        .PUT(HttpRequest.BodyPublishers.ofString(manifest))),
                201,
                "push " + repository + ":" + tag);
    }

    /** The requests the registry received from anyone but the bench's pushes so far. */
    long requestsFromOthers() {
        try {
            try (var lines = Files.lines(accessLog)) {
                return lines.filter(line -> line.contains("\"GET /v2/") || line.contains("\"HEAD /v2/"))
                        .filter(line -> !line.contains(PUSHER))
                        .count();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + accessLog, e);
        }
    }

    private void upload(String repository, byte[] blob) {
        HttpResponse<String> started =
                send(request("/v2/" + repository + "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()));
        expect(started, 202, "start an upload to " + repository);
        String location = started.headers()
                .firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("docker-registry sent no upload location"));
        URI upload = URI.create("http://" + host()).resolve(location);
        String separator = upload.getQuery() == null ? "?" : "&";
        HttpResponse<String> finished =
                send(HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest(blob)))
                        .header("User-Agent", PUSHER)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)));
        expect(finished, 201, "upload a blob to " + repository);
    }

    private void mount(String repository, byte[] blob) {
        expect(
                send(request("/v2/%s/blobs/uploads/?mount=%s&from=%s".formatted(repository, digest(blob), blobsIn))
                        .POST(HttpRequest.BodyPublishers.noBody())),
                201,
                "mount a blob into " + repository);
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("docker-registry exited with " + process.exitValue());
        }
        try {
            return client.send(request("/v2/").GET().build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + host() + path))
                .timeout(Duration.ofSeconds(30))
                .header("User-Agent", PUSHER);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("docker-registry did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(
                    "docker-registry refused to %s: %d %s".formatted(what, response.statusCode(), response.body()));
        }
    }

    static String digest(byte[] content) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
