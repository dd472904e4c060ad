package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventSummaryTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{}                                            | ``",
                "{\"version\":2,\"reason\":\"manual\"}         | version 2 · reason manual",
                "{\"environments\":[\"dev\",\"staging\"]}      | environments dev, staging",
                "{\"environments\":[]}                         | environments none",
                "{\"config\":{\"upstream\":{\"latest\":true}}} | config {…}",
                "{\"list\":[{\"a\":1},2]}                      | list {…}, 2"
            })
    void summarizesTopLevelFields(String payload, String expected) throws Exception {
        assertThat(EventSummary.of(Json.mapper().readTree(payload))).isEqualTo(expected);
    }

    @Test
    void cutsLongSummaries() throws Exception {
        String summary = EventSummary.of(Json.mapper().readTree("{\"message\":\"" + "x".repeat(300) + "\"}"));

        assertThat(summary).hasSize(EventSummary.MAX_LENGTH).endsWith("…");
    }
}
