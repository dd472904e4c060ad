package io.trebuchet.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.TrebuchetException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChartReferenceTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            oci://registry.example.com/charts/mapserver | | oci | oci://registry.example.com/charts/mapserver | mapserver
            oci://127.0.0.1:5000/mapserver              | | oci | oci://127.0.0.1:5000/mapserver              | mapserver
            OCI-LESS-NAME                                | | -   | -                                           | -
            mapserver | https://charts.example.com/stable/ | repository | https://charts.example.com/stable mapserver | mapserver
            mapserver | http://127.0.0.1:8080          | repository | http://127.0.0.1:8080 mapserver             | mapserver
            """)
    void parsesOciReferencesAndRepositoryCharts(
            String chart, String repository, String source, String text, String name) {
        if (source.equals("-")) {
            assertThatThrownBy(() -> ChartReference.parse(chart, Optional.ofNullable(repository)))
                    .isInstanceOf(TrebuchetException.class);
            return;
        }
        ChartReference reference = ChartReference.parse(chart, Optional.ofNullable(repository));
        assertThat(reference.source()).isEqualTo(source);
        assertThat(reference.text()).isEqualTo(text);
        String parsedName = switch (reference) {
            case ChartReference.Oci oci -> oci.name();
            case ChartReference.Repository classic -> classic.name();
            case ChartReference.Uploaded uploaded -> uploaded.name();
        };
        assertThat(parsedName).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            oci://registry.example.com                         | none                        | chart
            oci://registry.example.com/charts/mapserver:1.2.0  | none                        | chart
            oci://registry.example.com/charts/m@sha256:abc     | none                        | chart
            oci://user:secret@registry.example.com/charts/m    | none                        | chart
            oci://registry.example.com/Charts/Mapserver        | none                        | chart
            oci://registry.example.com/charts/mapserver        | https://charts.example.com  | repository
            mapserver                                          | none                        | chart
            Map_Server                                         | https://charts.example.com  | chart
            mapserver                                          | ftp://charts.example.com    | repository
            mapserver                                          | https://u:p@charts.example.com | repository
            mapserver                                          | https://charts.example.com/?x=1 | repository
            mapserver                                          | not a url                   | repository
            """)
    void refusesReferencesThatAreNotExactOrCarryCredentials(String chart, String repository, String field) {
        assertThatThrownBy(() -> ChartReference.parse(chart, Optional.ofNullable(repository)))
                .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                    assertThat(error.code().name()).isEqualTo("INVALID_CHART");
                    assertThat(error.details()).containsEntry("field", field);
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            1.0.0            | true
            1.4.2            | true
            2.0.0+build.5    | true
            0.9.3            | false
            1.0.0-rc.1       | false
            0.3.0-dev.7      | false
            """)
    void stableVersionsAreOneOrMoreWithoutPreRelease(String version, boolean stable) {
        assertThat(ChartVersion.parse(version).stable()).isEqualTo(stable);
        assertThat(ChartVersion.parse(version).text()).isEqualTo(version);
    }

    @ParameterizedTest
    @CsvSource({"1.0", "^1.2.0", ">=1.0.0", "01.2.3", "1.2.3-", "latest", "v1.2.3", "''"})
    void versionsAreExact(String version) {
        assertThatThrownBy(() -> ChartVersion.parse(version))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code().name()).isEqualTo("INVALID_CHART"));
    }

    @Test
    void uploadedChartsAreNamedByTheirChartYaml() {
        assertThat(new ChartReference.Uploaded("mapserver").text()).isEqualTo("upload:mapserver");
    }
}
