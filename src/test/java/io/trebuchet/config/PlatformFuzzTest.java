package io.trebuchet.config;

import static io.trebuchet.testing.TestingFuzz.acceptsOrRefuses;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Platform directories as a user's repository may hold them, and platforms as the plan and apply API takes them. */
class PlatformFuzzTest {
    private static final List<String> FILES = List.of(
            PlatformDirectory.SETTINGS_FILE,
            "environments/dev.yaml",
            "environments/prod.yaml",
            "applications/app.yaml",
            "stacks/stack.yaml",
            "templates/app.yaml");

    @TempDir
    static Path directory;

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({
        "name: ",
        "upstream:",
        "  latest: true",
        "  environment: dev",
        "environmentGroup: ",
        "templateFile: templates/app.yaml",
        "template: ",
        "values:",
        "environments: [dev]",
        "&a ",
        "*a",
        "{{p}}"
    })
    void directories(FuzzedDataProvider data) throws IOException {
        for (String file : FILES) {
            Path path = directory.resolve(file);
            Files.createDirectories(path.getParent());
            Files.write(path, data.consumeBytes(2_000));
        }
        acceptsOrRefuses(() -> PlatformDirectory.read(directory));
        acceptsOrRefuses(() -> PlatformDirectory.readEnvironment(directory.resolve("environments/dev.yaml")));
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void platformBodies(FuzzedDataProvider data) {
        String json = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
        acceptsOrRefuses(() -> Json.read(json, Platform.class, ErrorCode.INVALID_JSON, "platform"));
    }
}
