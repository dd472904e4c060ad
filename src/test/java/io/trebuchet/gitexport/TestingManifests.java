package io.trebuchet.gitexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.trebuchet.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Checks what the export wrote the way Argo CD and Flux would read it: every YAML file parses (strictly: no duplicate
 * keys), every Argo CD {@code Application}/{@code AppProject} and Flux {@code Kustomization}, {@code HelmRelease},
 * {@code HelmRepository} and {@code OCIRepository} validates against its
 * CRD's schema for the object's {@code apiVersion}, with unknown fields refused as Kubernetes' strict field
 * validation does, and every {@code config.json} parses.
 */
public final class TestingManifests {
    private static final Map<String, String> CRDS = Map.of(
            "Application", "argocd-application-crd.yaml",
            "AppProject", "argocd-appproject-crd.yaml",
            "Kustomization", "flux-kustomization-crd.yaml",
            "HelmRelease", "flux-helmrelease-crd.yaml",
            "HelmRepository", "flux-helmrepository-crd.yaml",
            "OCIRepository", "flux-ocirepository-crd.yaml");
    private static final Map<String, JsonSchema> SCHEMAS = new HashMap<>();

    private TestingManifests() {}

    /** Checks every file of a tree; returns the number of custom resources validated. */
    public static int check(Map<String, String> files) {
        int validated = 0;
        for (Map.Entry<String, String> file : files.entrySet()) {
            String path = file.getKey();
            assertThat(file.getValue())
                    .as("%s ends with a newline", path)
                    .satisfiesAnyOf(
                            text -> assertThat(text).isEmpty(),
                            text -> assertThat(text).endsWith("\n"));
            if (path.endsWith(".json")) {
                try {
                    Json.mapper().readTree(file.getValue());
                } catch (IOException e) {
                    throw new AssertionError(path + " is not JSON", e);
                }
            }
            if (path.endsWith(".yaml")) {
                for (Object document : documents(path, file.getValue())) {
                    if (document == null) {
                        continue;
                    }
                    JsonNode object = Json.mapper().valueToTree(document);
                    String kind = object.path("kind").asText();
                    if (CRDS.containsKey(kind)) {
                        Set<ValidationMessage> errors =
                                schema(kind, object.path("apiVersion").asText()).validate(object);
                        assertThat(errors)
                                .as(
                                        "%s: %s %s",
                                        path, kind, object.path("metadata").path("name"))
                                .isEmpty();
                        validated++;
                    }
                }
            }
        }
        return validated;
    }

    /**
     * Builds {@code directory} of a clone with {@code kubectl kustomize}, listing its YAML files as the resources of a
     * generated kustomization, as a cluster's tooling would; returns what it built.
     */
    public static String kustomize(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<String> resources = files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                    .sorted()
                    .toList();
            Path build = Files.createTempDirectory("trebuchet-kustomize");
            for (String resource : resources) {
                Files.copy(directory.resolve(resource), build.resolve(resource));
            }
            Files.writeString(
                    build.resolve("kustomization.yaml"),
                    "resources:\n"
                            + resources.stream().map(name -> "- " + name + "\n").collect(Collectors.joining()));
            Process process = new ProcessBuilder("kubectl", "kustomize", build.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue())
                    .as("kubectl kustomize %s: %s", directory, output)
                    .isZero();
            io.trebuchet.testing.TestingFiles.deleteRecursively(build);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The documents of a YAML file, parsed strictly. */
    public static List<Object> documents(String path, String yaml) {
        LoadSettings settings = LoadSettings.builder()
                .setAllowDuplicateKeys(false)
                .setLabel(path)
                .build();
        List<Object> documents = new ArrayList<>();
        new Load(settings).loadAllFromString(yaml).forEach(documents::add);
        return documents;
    }

    @SuppressWarnings("unchecked") // YAML mappings load as maps with string keys
    static List<Map<String, Object>> objects(String path, String yaml) {
        return documents(path, yaml).stream()
                .filter(document -> document != null)
                .map(document -> (Map<String, Object>) document)
                .toList();
    }

    private static synchronized JsonSchema schema(String kind, String apiVersion) {
        return SCHEMAS.computeIfAbsent(kind + " " + apiVersion, ignored -> load(kind, apiVersion));
    }

    private static JsonSchema load(String kind, String apiVersion) {
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        JsonNode crd;
        try (InputStream in = TestingManifests.class.getResourceAsStream("schemas/" + CRDS.get(kind))) {
            crd = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(crd.path("spec").path("group").asText() + "/" + version).isEqualTo(apiVersion);
        for (JsonNode served : crd.path("spec").path("versions")) {
            if (served.path("name").asText().equals(version)) {
                JsonNode schema = served.path("schema").path("openAPIV3Schema").deepCopy();
                refuseUnknownFields(schema);
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
            }
        }
        throw new AssertionError("the CRD of " + kind + " has no version " + version);
    }

    /** Kubernetes drops (or, with strict field validation, refuses) fields a schema does not name; so do we. */
    private static void refuseUnknownFields(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            if (object.has("properties")
                    && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
        }
        schema.forEach(TestingManifests::refuseUnknownFields);
    }
}
