package io.trebuchet.core;

import static io.trebuchet.testing.TestingFuzz.acceptsOrRefuses;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Timeout;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** Names, and YAML and JSON documents of any shape: read within the document limits, or refused with a 4xx. */
class CoreFuzzTest {
    private static final List<Function<String, ?>> NAMES = List.of(
            AppName::of,
            EnvName::of,
            TeamName::of,
            GroupName::of,
            StackName::of,
            Version::parse,
            text -> new Actor(text, text + "@example.com"));

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void names(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        for (Function<String, ?> parse : NAMES) {
            acceptsOrRefuses(() -> assertThat(parse.apply(text)).isNotNull());
        }
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({
        "&a ",
        "*a",
        "!!int ",
        "!!binary ",
        "!!set ",
        "? ",
        "---",
        "...",
        "[",
        "{",
        "- ",
        ": ",
        "|",
        "<<: "
    })
    void yamlDocuments(FuzzedDataProvider data) {
        boolean core = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        LoadSettings settings = core
                ? Yaml.settings("fuzz").setSchema(new CoreSchema()).build()
                : Yaml.settings("fuzz").build();
        acceptsOrRefuses(() -> {
            try {
                Yaml.load(text, settings, "document");
            } catch (YamlEngineException e) {
                // Not YAML: every caller refuses it with its own 400.
            }
        });
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void jsonDocuments(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        acceptsOrRefuses(() -> Json.read(text, Object.class, ErrorCode.INVALID_JSON, "body"));
    }
}
