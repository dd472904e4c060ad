package io.trebuchet.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.javalin.config.RoutesConfig;
import io.trebuchet.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the OpenAPI document, written by hand in {@code openapi.yaml} next to this class, as JSON. */
public final class OpenApiResource implements HttpResource {
    private final String document;

    public OpenApiResource() {
        try (InputStream yaml = OpenApiResource.class.getResourceAsStream("openapi.yaml")) {
            if (yaml == null) {
                throw new IllegalStateException("openapi.yaml is missing from the classpath");
            }
            JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            this.document = Json.mapper().writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read openapi.yaml", e);
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(
                "/api/v1/openapi.json",
                context -> context.contentType("application/json").result(document));
    }
}
