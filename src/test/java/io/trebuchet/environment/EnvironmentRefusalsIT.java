package io.trebuchet.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingSharedServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Environment configs that are refused, on Kuberpult's path and the native one. Every case checks that it changed
 * nothing, so the cases share one server per backend ({@link TestingSharedServers}); the cases that do change things
 * are in {@link EnvironmentApiIT}.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class EnvironmentRefusalsIT {
    private static final TestingSharedServers SERVERS = new TestingSharedServers(http -> {});

    @Parameter
    Backend backend;

    @AfterAll
    static void stop() {
        SERVERS.close();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "INVALID_ENVIRONMENT_CONFIG | {\"upstream\":{\"latest\":true,\"environment\":\"dev\"}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"upstream\":{}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"upstream\":{\"latest\":false}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"upstream\":{\"latest\":true},\"unknownField\":1}",
                "INVALID_ENVIRONMENT_CONFIG | {\"upstream\":{\"latest\":true}",
                "INVALID_ENVIRONMENT_CONFIG | not json",
                "INVALID_ENVIRONMENT_CONFIG | []",
                "INVALID_ENVIRONMENT_CONFIG | {\"upstream\":{\"latest\":\"yes\"}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argocd\":{\"destination\":{}}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argocd\":{\"syncOptions\":[]}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argocd\":{\"destination\":{\"server\":\"ftp://x\"}}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argocd\":{\"destination\":{\"name\":\"c\",\"namespace\":\"Bad_NS\"}}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argocd\":{\"destination\":{\"name\":\"c\"},\"syncWindows\":[{\"kind\":\"deny\",\"schedule\":\"every day\",\"duration\":\"1h\"}]}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argocd\":{\"destination\":{\"name\":\"c\"},\"syncWindows\":[{\"kind\":\"deny\",\"schedule\":\"0 61 * * *\",\"duration\":\"1h\"}]}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argocd\":{\"destination\":{\"name\":\"c\"},\"syncWindows\":[{\"kind\":\"maybe\",\"schedule\":\"0 1 * * *\",\"duration\":\"1h\"}]}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argocd\":{\"destination\":{\"name\":\"c\"},\"syncWindows\":[{\"kind\":\"deny\",\"schedule\":\"0 1 * * *\",\"duration\":\"forever\"}]}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argocd\":{\"destination\":{\"name\":\"c\"},\"syncWindows\":[{\"kind\":\"deny\",\"schedule\":\"0 1 * * *\",\"duration\":\"1h\",\"timeZone\":\"Mars/Olympus\"}]}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argocd\":{\"destination\":{\"name\":\"c\"},\"syncOptions\":[\"NoEquals\"]}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argocd\":{\"destination\":{\"name\":\"c\"},\"applicationAnnotations\":{\"bad key!\":\"v\"}}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argocd\":{\"destination\":{\"name\":\"c\"},\"ignoreDifferences\":[{\"kind\":\"Deployment\",\"jsonPointers\":[\"spec\"]}]}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argocd\":{\"destination\":{\"name\":\"c\"}},\"argoConfigs\":{\"configs\":[{\"destination\":{\"name\":\"c\"}}]}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argoConfigs\":{\"configs\":[]}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argoConfigs\":{\"configs\":[{\"destination\":{\"name\":\"a\"},\"concreteEnvName\":\"x\"},{\"destination\":{\"name\":\"b\"},\"concreteEnvName\":\"y\"}]}}",
                "INVALID_ENVIRONMENT_CONFIG | {\"argoConfigs\":{\"commonEnvPrefix\":\"p\",\"configs\":[{\"destination\":{\"name\":\"a\"},\"concreteEnvName\":\"x\"},{\"destination\":{\"name\":\"b\"},\"concreteEnvName\":\"x\"}]}}",
                "INVALID_GROUP_NAME | {\"upstream\":{\"latest\":true},\"environmentGroup\":\"no spaces allowed\"}",
                "INVALID_ENVIRONMENT_NAME | {\"upstream\":{\"environment\":\"Not_A_Name\"}}",
                "UPSTREAM_CYCLE | {\"upstream\":{\"environment\":\"qa\"}}",
                // Argo CD refuses an Application whose destination has both; so the export could not write one.
                "ARGOCD_DESTINATION_AMBIGUOUS | {\"argocd\":{\"destination\":{\"name\":\"c\",\"server\":\"https://c.example.com\"}}}",
                "ARGOCD_DESTINATION_AMBIGUOUS | {\"argoConfigs\":{\"commonEnvPrefix\":\"p\",\"configs\":[{\"destination\":{\"name\":\"a\"},\"concreteEnvName\":\"x\"},{\"destination\":{\"name\":\"b\",\"server\":\"https://b.example.com\"},\"concreteEnvName\":\"y\"}]}}",
            })
    void invalidConfigIsRefusedWithAStableCodeAndChangesNothing(
            String code, String config, TestingDatabases databases) {
        TestingHttp http = SERVERS.http(backend, databases);
        long events = lastEventId(http);

        Response multipart =
                http.postMultipart("/api/environments/qa/", Multipart.form().field("config", config));
        Response json = http.putJson("/api/v1/environments/qa", config);

        assertThat(multipart.status()).as(multipart.toString()).isEqualTo(400);
        assertThat(multipart.code()).as(multipart.toString()).isEqualTo(code);
        assertThat(json.status()).as(json.toString()).isEqualTo(400);
        assertThat(json.code()).as(json.toString()).isEqualTo(code);
        assertThat(lastEventId(http)).isEqualTo(events);
        assertThat(http.get("/api/v1/environments/qa").status()).isEqualTo(404);
    }

    private static long lastEventId(TestingHttp http) {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }
}
