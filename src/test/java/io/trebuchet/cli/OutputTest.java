package io.trebuchet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTest {
    @Test
    void tablesAlignLeftWithoutTrailingSpaces() {
        String table = Output.table(
                List.of("APPLICATION", "DEV", "STAGING"),
                List.of(List.of("cart", "12 (v1.4.2)", "-"), List.of("search-frontend", "3", "")),
                2);

        assertThat(table).isEqualTo("""
                        APPLICATION      DEV          STAGING
                        cart             12 (v1.4.2)  -
                        search-frontend  3
                        """);
    }

    @Test
    void anEmptyTableIsItsHeader() {
        assertThat(Output.table(List.of("ID", "KIND"), List.of(), 2)).isEqualTo("ID  KIND\n");
    }

    @Test
    void rowsMustHaveOneCellPerColumn() {
        assertThatThrownBy(() -> Output.table(List.of("A", "B"), List.of(List.of("x")), 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
