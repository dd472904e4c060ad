package io.trebuchet.testing;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on 127.0.0.1 and a free port, storing into a directory:
 * without authentication, with htpasswd basic authentication, or with token authentication, whose token service is
 * a small HTTP server here that signs ES256 tokens with a key and self-signed certificate made by {@code openssl}.
 * Images are pushed with jib-core. The registry's access log (its standard output) counts the requests it received.
 */
public final class TestingRegistry implements AutoCloseable {
    public static final String USER = "ci";
    public static final String PASSWORD = "s3cret-registry-password";
    private static final String SERVICE = "trebuchet-test-registry";
    private static final String ISSUER = "trebuchet-test-token-service";

    public enum Auth {
        NONE,
        BASIC,
        TOKEN
    }

    private final Path directory;
    private final Auth auth;
    private final int port;
    private final Process process;
    private final HttpServer tokenServer;
    private final AtomicInteger tokenRequests = new AtomicInteger();

    private TestingRegistry(Path directory, Auth auth, int port, Process process, HttpServer tokenServer) {
        this.directory = directory;
        this.auth = auth;
        this.port = port;
        this.process = process;
        this.tokenServer = tokenServer;
    }

    public static TestingRegistry start(Path directory, Auth auth) {
        System.setProperty("sendCredentialsOverHttp", "true");
        int port = TestingSocket.freePort();
        StringBuilder config = new StringBuilder();
        config.append("version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ")
                .append(directory.resolve("data"))
                .append("\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:")
                .append(port)
                .append("\n  secret: testing-registry-secret\n");
        HttpServer tokenServer = null;
        try {
            // htpasswd and openssl write into it before the registry starts.
            Files.createDirectories(directory);
            switch (auth) {
                case NONE -> {}
                case BASIC -> {
                    run(List.of(
                            "htpasswd", "-Bbc", directory.resolve("htpasswd").toString(), USER, PASSWORD));
                    config.append("auth:\n  htpasswd:\n    realm: testing-registry\n    path: ")
                            .append(directory.resolve("htpasswd"))
                            .append('\n');
                }
                case TOKEN -> {
                    run(List.of(
                            "openssl",
                            "req",
                            "-x509",
                            "-newkey",
                            "ec",
                            "-pkeyopt",
                            "ec_paramgen_curve:prime256v1",
                            "-nodes",
                            "-keyout",
                            directory.resolve("token-key.pem").toString(),
                            "-out",
                            directory.resolve("token-cert.pem").toString(),
                            "-days",
                            "2",
                            "-subj",
                            "/CN=" + ISSUER));
                    tokenServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                    config.append("auth:\n  token:\n    realm: http://127.0.0.1:")
                            .append(tokenServer.getAddress().getPort())
                            .append("/token\n    service: ")
                            .append(SERVICE)
                            .append("\n    issuer: ")
                            .append(ISSUER)
                            .append("\n    rootcertbundle: ")
                            .append(directory.resolve("token-cert.pem"))
                            .append('\n');
                }
            }
            Files.writeString(directory.resolve("config.yml"), config.toString());
            Process process = new ProcessBuilder(
                            "docker-registry",
                            "serve",
                            directory.resolve("config.yml").toString())
                    .redirectOutput(directory.resolve("access.log").toFile())
                    .redirectError(directory.resolve("registry.log").toFile())
                    .start();
            TestingRegistry registry = new TestingRegistry(directory, auth, port, process, tokenServer);
            if (tokenServer != null) {
                tokenServer.createContext("/token", registry::token);
                tokenServer.start();
            }
            TestingWait.until("the registry to answer on port " + port, Duration.ofSeconds(30), registry::answers);
            return registry;
        } catch (IOException e) {
            if (tokenServer != null) {
                tokenServer.stop(0);
            }
            throw new UncheckedIOException("cannot start docker-registry", e);
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** The image reference an image source names: {@code http://127.0.0.1:<port>/<repository>}. */
    public String image(String repository) {
        return "http://" + host() + "/" + repository;
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    /**
     * Pushes one small image (its content made from the repository and the first tag) under each tag; answers its
     * digest.
     */
    public String push(String repository, List<String> tags) {
        try {
            Path file = directory.resolve("content-" + UUID.randomUUID());
            Files.writeString(file, repository + ":" + tags.getFirst() + "\n");
            JibContainerBuilder builder = Jib.fromScratch()
                    .addLayer(List.of(file), AbsoluteUnixPath.get("/"))
                    .setEntrypoint(List.of("/" + file.getFileName()));
            RegistryImage target = RegistryImage.named(host() + "/" + repository + ":" + tags.getFirst());
            if (auth != Auth.NONE) {
                target.addCredential(USER, PASSWORD);
            }
            Containerizer containerizer = Containerizer.to(target)
                    .setAllowInsecureRegistries(true)
                    .setBaseImageLayersCache(directory.resolve("jib-cache"))
                    .setApplicationLayersCache(directory.resolve("jib-cache"));
            for (String tag : tags.subList(1, tags.size())) {
                containerizer.withAdditionalTag(tag);
            }
            return builder.containerize(containerizer).getDigest().toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot push " + repository + ":" + tags, e);
        }
    }

    /**
     * Tags the manifest of {@code repository:from} under each of {@code tags}, with a manifest PUT each (fast, for
     * thousands of tags). Only on a registry without authentication.
     */
    public void tag(String repository, String from, List<String> tags) {
        if (auth != Auth.NONE) {
            throw new IllegalStateException("tag() needs a registry without authentication");
        }
        HttpClient http = HttpClient.newHttpClient();
        try {
            String accept =
                    "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";
            HttpResponse<byte[]> manifest = http.send(
                    HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/" + repository + "/manifests/" + from))
                            .header("Accept", accept)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (manifest.statusCode() != 200) {
                throw new IllegalStateException("cannot read manifest " + from + ": " + manifest.statusCode());
            }
            String type = manifest.headers().firstValue("Content-Type").orElseThrow();
            for (String tag : tags) {
                HttpResponse<String> put = http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://" + host() + "/v2/" + repository + "/manifests/" + tag))
                                .header("Content-Type", type)
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.body()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (put.statusCode() != 201) {
                    throw new IllegalStateException("cannot tag " + tag + ": " + put.statusCode() + " " + put.body());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Pushes a Helm chart archive as {@code helm push} does (a config blob, the chart layer, an OCI manifest tagged
     * {@code tag}), signed in as {@link #USER} whatever the registry's authentication.
     */
    public void pushChart(String repository, String tag, byte[] archive) {
        String authorization = switch (auth) {
            case NONE -> "";
            case BASIC ->
                "Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            case TOKEN ->
                "Bearer "
                        + sign(List.of(
                                Map.of("type", "repository", "name", repository, "actions", List.of("pull", "push"))));
        };
        HttpClient http = HttpClient.newHttpClient();
        try {
            byte[] config = "{\"apiVersion\":\"v2\"}".getBytes(StandardCharsets.UTF_8);
            String configDigest = uploadBlob(http, authorization, repository, config);
            String layerDigest = uploadBlob(http, authorization, repository, archive);
            String manifest = """
                    {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                     "config": {"mediaType": "application/vnd.cncf.helm.config.v1+json", "digest": "%s", "size": %d},
                     "layers": [{"mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
                                 "digest": "%s", "size": %d}]}
                    """.formatted(configDigest, config.length, layerDigest, archive.length);
            HttpRequest.Builder put = HttpRequest.newBuilder(
                            URI.create("http://" + host() + "/v2/" + repository + "/manifests/" + tag))
                    .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofString(manifest));
            if (!authorization.isEmpty()) {
                put.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException(
                        "cannot push the chart's manifest: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String uploadBlob(HttpClient http, String authorization, String repository, byte[] content)
            throws IOException, InterruptedException {
        String digest;
        try {
            digest = "sha256:"
                    + java.util.HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder start = HttpRequest.newBuilder(
                        URI.create("http://" + host() + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (!authorization.isEmpty()) {
            start.header("Authorization", authorization);
        }
        HttpResponse<String> started = http.send(start.build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("cannot start an upload: " + started.statusCode() + " " + started.body());
        }
        String location = started.headers().firstValue("Location").orElseThrow();
        URI target = URI.create("http://" + host() + "/").resolve(location);
        HttpRequest.Builder put = HttpRequest.newBuilder(
                        URI.create(target + (target.getRawQuery() == null ? "?" : "&") + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        if (!authorization.isEmpty()) {
            put.header("Authorization", authorization);
        }
        HttpResponse<String> done = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
        if (done.statusCode() != 201) {
            throw new IllegalStateException("cannot upload a blob: " + done.statusCode() + " " + done.body());
        }
        return digest;
    }

    /** The registry's access log lines (combined log format), oldest first. */
    public List<String> accessLog() {
        try {
            return Files.readAllLines(directory.resolve("access.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The access log lines that pass the filter, e.g. those of one user agent. */
    public List<String> accessLog(Predicate<String> filter) {
        return accessLog().stream().filter(filter).toList();
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("docker-registry stopped: " + log());
        }
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 || response.statusCode() == 401;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(directory.resolve("registry.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The token service: grants what the scope asks to {@link #USER} with {@link #PASSWORD}, pull to anyone. */
    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.incrementAndGet();
        try (exchange) {
            Map<String, String> query = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            for (String pair : raw == null ? new String[0] : raw.split("&", -1)) {
                String[] parts = pair.split("=", 2);
                query.merge(
                        URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "",
                        (a, b) -> a + " " + b);
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic "
                    + java.util.Base64.getEncoder()
                            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            boolean signedIn = expected.equals(authorization);
            if (authorization != null && !signedIn) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            List<Map<String, Object>> access = new ArrayList<>();
            for (String scope : query.getOrDefault("scope", "").split(" ", -1)) {
                String[] parts = scope.split(":", -1);
                if (parts.length == 3 && parts[0].equals("repository")) {
                    List<String> actions = Arrays.stream(parts[2].split(",", -1))
                            .filter(action -> signedIn || action.equals("pull"))
                            .toList();
                    access.add(Map.of("type", "repository", "name", parts[1], "actions", actions));
                }
            }
            String token = sign(access);
            byte[] body = ("{\"token\":\"" + token + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private String sign(List<Map<String, Object>> access) {
        try {
            String keyPem = Files.readString(directory.resolve("token-key.pem"));
            byte[] keyBytes = java.util.Base64.getMimeDecoder()
                    .decode(keyPem.replaceAll("-----[A-Z ]+-----", "").strip());
            ECPrivateKey key =
                    (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(keyBytes));
            X509Certificate certificate;
            try (var in = Files.newInputStream(directory.resolve("token-cert.pem"))) {
                certificate = (X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(ISSUER)
                    .subject(USER)
                    .audience(SERVICE)
                    .issueTime(Date.from(now.minusSeconds(5)))
                    .notBeforeTime(Date.from(now.minusSeconds(5)))
                    .expirationTime(Date.from(now.plusSeconds(300)))
                    .jwtID(UUID.randomUUID().toString())
                    .claim("access", access)
                    .build();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .x509CertChain(List.of(Base64.encode(certificate.getEncoded())))
                            .build(),
                    claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a registry token", e);
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command.getFirst() + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (tokenServer != null) {
                tokenServer.stop(0);
            }
        }
    }
}
