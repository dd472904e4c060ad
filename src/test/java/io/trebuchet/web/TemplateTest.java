package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final Path SOURCES = Path.of("src", "main", "jte");

    @Test
    void everyTemplateThePagesRenderIsCompiled() {
        Pages pages = new Pages(Clock.systemUTC());

        assertThat(List.of(Template.values()))
                .allSatisfy(template ->
                        assertThat(pages.has(template)).as(template.file()).isTrue());
    }

    @Test
    void noTemplateWritesUnescapedOutput() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Path> templates =
                    files.filter(file -> file.toString().endsWith(".jte")).toList();

            assertThat(templates)
                    .isNotEmpty()
                    .allSatisfy(template -> assertThat(Files.readString(template))
                            .as(template.toString())
                            .doesNotContain("$unsafe"));
        }
    }
}
