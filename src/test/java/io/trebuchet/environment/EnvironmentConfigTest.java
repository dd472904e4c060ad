package io.trebuchet.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentConfigTest {
    @Test
    void readsKuberpultsLegacyArgocdObject() {
        EnvironmentConfig config = EnvironmentConfig.parse("""
                {"upstream": {"environment": "dev"}, "environmentGroup": "Production",
                 "argocd": {"destination": {"name": "c1", "server": "https://c1", "appProjectNamespace": "argo",
                                            "applicationNamespace": "apps"},
                            "syncWindows": [{"kind": "allow", "schedule": "0 8 * * 1-5", "duration": "10h",
                                             "applications": ["*"], "manualSync": true, "timeZone": "Europe/Berlin"}],
                            "accessList": [{"group": "", "kind": "Namespace"}]}}
                """);

        assertThat(config.upstream().flatMap(Upstream::environment)).contains(EnvName.of("dev"));
        assertThat(config.group(EnvName.of("prod")).value()).isEqualTo("Production");
        assertThat(config.argoCdConfigs()).hasSize(1);
        ArgoCdConfig argocd = config.argoCdConfigs().get(0);
        assertThat(argocd.destination().applicationNamespace()).contains("apps");
        assertThat(argocd.syncWindows().get(0).manualSync()).contains(true);
        assertThat(argocd.accessList().get(0).group()).isEmpty();
    }

    @Test
    void readsTheCurrentArgoConfigsFormInEitherSpelling() {
        String camel = """
                {"upstream": {"latest": true}, "argoConfigs": {"commonEnvPrefix": "aa", "configs": [
                  {"destination": {"server": "https://a"}, "concreteEnvName": "de-1"},
                  {"destination": {"server": "https://b"}, "concreteEnvName": "de-2"}]}}
                """;
        String snake = """
                {"upstream": {"latest": true}, "argo_configs": {"common_env_prefix": "aa", "is_active_active": true,
                  "configs": [{"destination": {"server": "https://a"}, "concrete_env_name": "de-1"},
                              {"destination": {"server": "https://b"}, "concrete_env_name": "de-2"}]}}
                """;

        EnvironmentConfig fromCamel = EnvironmentConfig.parse(camel);
        EnvironmentConfig fromSnake = EnvironmentConfig.parse(snake);

        assertThat(fromCamel.argoCdConfigs()).hasSize(2);
        assertThat(fromCamel.argoConfigs().orElseThrow().activeActive()).isTrue();
        assertThat(fromSnake.argoCdConfigs()).isEqualTo(fromCamel.argoCdConfigs());
    }

    @Test
    void theCoreApiGroupSurvivesARoundTrip() {
        EnvironmentConfig config = EnvironmentConfig.parse(
                "{\"argocd\": {\"destination\": {\"name\": \"c\"}, \"accessList\": [{\"group\": \"\", \"kind\": \"Namespace\"}]}}");

        assertThat(EnvironmentConfig.parse(config.toJson())).isEqualTo(config);
    }

    @Test
    void writesACanonicalFormThatReadsBackEqual() {

        EnvironmentConfig config = EnvironmentConfig.parse("""
                {"argocd": {"syncOptions": ["CreateNamespace=true"], "destination": {"server": "https://k"},
                            "applicationAnnotations": {"b": "2", "a": "1"}},
                 "upstream": {"latest": true}}
                """);

        String json = config.toJson();

        assertThat(EnvironmentConfig.parse(json)).isEqualTo(config);
        assertThat(json)
                .isEqualTo(
                        "{\"upstream\":{\"latest\":true},\"argocd\":{\"destination\":{\"server\":\"https://k\"},"
                                + "\"applicationAnnotations\":{\"a\":\"1\",\"b\":\"2\"},\"syncOptions\":[\"CreateNamespace=true\"]}}");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"upstream\":{\"latest\":true},\"upstreams\":{}} | unknown field 'upstreams'",
                "{\"upstream\":{\"latest\":true,\"environment\":\"x\"}} | not both",
                "{\"upstream\":{\"environment\":\"x\"},\"argocd\":{\"destination\":{\"name\":\"c\"},\"syncWindows\":[{\"kind\":\"deny\",\"schedule\":\"* * *\",\"duration\":\"1h\"}]}} | 5 fields",
                "{\"argocd\":{\"destination\":{\"name\":\"c\"},\"concreteEnvName\":\"x\"}} | only allowed inside argoConfigs",
                "{\"upstream\":\"dev\"} | at 'upstream'",
                "{\"upstream\":{\"latest\":true}} trailing | not valid JSON",
            })
    void explainsWhatIsWrong(String json, String expected) {
        assertThatThrownBy(() -> EnvironmentConfig.parse(json))
                .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_ENVIRONMENT_CONFIG);
                    assertThat(error.getMessage()).contains(expected);
                });
    }
}
