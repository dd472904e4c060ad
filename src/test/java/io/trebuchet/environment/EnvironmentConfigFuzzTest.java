package io.trebuchet.environment;

import static io.trebuchet.testing.TestingFuzz.acceptsOrRefuses;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trebuchet.core.EnvName;
import io.trebuchet.freeze.FreezeCalendar;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Environment configs as Kuberpult's config.json or the native API carry them. */
class EnvironmentConfigFuzzTest {
    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({
        "{\"upstream\":",
        "{\"latest\":true}",
        "{\"environment\":\"dev\"}",
        "\"environmentGroup\":",
        "\"argocd\":",
        "\"argoConfigs\":",
        "\"freezeWindows\":[",
        "{\"kind\":\"deny\",\"schedule\":\"0 22 * * *\",\"duration\":\"8h\"}",
        "\"releaseTrains\":[",
        "\"policies\":",
        "\"values\":",
        "\"syncWindows\":",
        "\"destination\":",
        "\"timeZone\":"
    })
    void configs(FuzzedDataProvider data) {
        Instant now = Instant.ofEpochSecond(data.consumeLong(0, 4_102_444_800L));
        String json = data.consumeRemainingAsString();
        acceptsOrRefuses(() -> {
            EnvironmentConfig config = EnvironmentConfig.parse(json);
            // An accepted config is stored, read back, and its windows and graph are evaluated.
            assertThat(EnvironmentConfig.parse(config.toJson())).isEqualTo(config);
            FreezeCalendar.check(config.freezeWindows(), now);
            config.releaseTrains().forEach(train -> train.cron().nextFiring(now, train.zone()));
            config.argoCdConfigs();
            config.policyRules();
            config.flatValues();
            EnvironmentGraph.of(Map.of(EnvName.of("dev"), config));
        });
    }
}
