package io.trebuchet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import java.util.Map;

/** Sets up environments and releases through the API, the way users do. */
public final class TestingPlatform {
    private final TestingHttp http;

    public TestingPlatform(TestingHttp http) {
        this.http = http;
    }

    /** dev (latest) → staging → production group of prod-de and prod-fr. */
    public TestingPlatform threeStages() {
        environment("dev", "{\"upstream\":{\"latest\":true}}");
        environment("staging", "{\"upstream\":{\"environment\":\"dev\"}}");
        environment("prod-de", "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\"}");
        environment("prod-fr", "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\"}");
        return this;
    }

    public TestingPlatform environment(String name, String config) {
        Response response = http.putJson("/api/v1/environments/" + name, config);
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
        return this;
    }

    /** Releases {@code application} with a ConfigMap manifest for each environment; returns the version. */
    public long release(String application, String... environments) {
        Multipart form = Multipart.form().field("application", application);
        for (String environment : environments) {
            form.file("manifests[" + environment + "]", environment + ".yaml", manifest(application, environment));
        }
        Response response = http.postMultipart("/api/release", form);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("version").asLong();
    }

    /**
     * Releases {@code application} with a ConfigMap manifest for each environment and the given form fields (team,
     * display_version, source_message, ...); returns the version.
     */
    public long release(String application, Map<String, String> fields, String... environments) {
        Multipart form = Multipart.form().field("application", application);
        fields.forEach(form::field);
        for (String environment : environments) {
            form.file("manifests[" + environment + "]", environment + ".yaml", manifest(application, environment));
        }
        Response response = http.postMultipart("/api/release", form);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().path("version").asLong();
    }

    public static String manifest(String application, String environment) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                data:
                  environment: %s
                """.formatted(application, environment);
    }
}
