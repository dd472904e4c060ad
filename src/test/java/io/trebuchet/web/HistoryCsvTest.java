package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.audit.Event;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistoryCsvTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "plain            | plain",
                "``               | ``",
                "a,b              | `\"a,b\"`",
                "say \"hi\"       | `\"say \"\"hi\"\"\"`",
                "`two\nlines`     | `\"two\nlines\"`",
                "`  padded`       | `\"  padded\"`",
                "=HYPERLINK(1)    | '=HYPERLINK(1)",
                "+1               | '+1",
                "-1               | '-1",
                "@SUM(A1)         | '@SUM(A1)",
                "=1,2             | `\"'=1,2\"`"
            })
    void quotesWhatCsvNeedsAndDisarmsFormulas(String value, String expected) {
        assertThat(HistoryCsv.field(value)).isEqualTo(expected);
    }

    @Test
    void writesOneLinePerEventWithItsPayloadAsJson() {
        Event event = new Event(
                7,
                Instant.parse("2026-11-02T10:00:00Z"),
                new Actor("Doe, Jane", "jane@example.com"),
                EventKind.DEPLOYED,
                Optional.of(AppName.of("cart")),
                Optional.of(EnvName.of("dev")),
                new EventPayload.Deployed(Version.of(2), Optional.empty(), "manual", Optional.empty(), List.of()));

        assertThat(HistoryCsv.line(event))
                .isEqualTo("7,2026-11-02T10:00:00Z,\"Doe, Jane\",jane@example.com,DEPLOYED,cart,dev,"
                        + "\"{\"\"reason\"\":\"\"manual\"\",\"\"version\"\":2}\"\r\n");
    }
}
