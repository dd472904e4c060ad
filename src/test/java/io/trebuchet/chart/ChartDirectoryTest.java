package io.trebuchet.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.testing.TestingCharts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartDirectoryTest {
    @TempDir
    Path directory;

    @Test
    void packsAChartAsHelmDoesLeavingOutWhatHelmignoreLists() throws IOException {
        Path chart = TestingCharts.practical(directory, "mapserver");
        Files.writeString(chart.resolve("notes.bak"), "left out");
        Files.createDirectories(chart.resolve(".vscode"));
        Files.writeString(chart.resolve(".vscode/settings.json"), "{}");

        ChartArchive archive = ChartDirectory.pack(chart);

        assertThat(archive.name()).isEqualTo("mapserver");
        assertThat(archive.version().text()).isEqualTo("1.0.0");
        assertThat(archive.appVersion()).contains("2.4.0");
        assertThat(archive.directory()).isEqualTo("mapserver");
        assertThat(entries(archive.bytes()))
                .contains(
                        "mapserver/.helmignore",
                        "mapserver/Chart.yaml",
                        "mapserver/values.yaml",
                        "mapserver/templates/deployment.yaml",
                        "mapserver/templates/tests/test-connection.yaml")
                .doesNotContain("mapserver/notes.bak", "mapserver/.vscode/settings.json");
        // What helm renders from it is what it renders from helm's own package of the same directory.
        Map<String, Object> values = Map.of("replicaCount", 2);
        assertThat(ChartRenderer.render(archive, AppName.of("mapserver"), EnvName.of("dev"), values))
                .isEqualTo(ChartRenderer.render(
                        ChartArchive.read(TestingCharts.pack(chart)),
                        AppName.of("mapserver"),
                        EnvName.of("dev"),
                        values))
                .contains("replicas: 2");
    }

    @Test
    void theSameDirectoryPacksToTheSameDigestAndAChangeToAnother() throws IOException {
        Path chart = TestingCharts.practical(directory, "tiles");

        String first = ChartDirectory.pack(chart).digest();
        assertThat(ChartDirectory.pack(chart).digest()).isEqualTo(first);

        TestingCharts.replaceLine(chart, "values.yaml", "replicaCount: 1", "replicaCount: 2");
        assertThat(ChartDirectory.pack(chart).digest()).isNotEqualTo(first).startsWith("sha256:");
    }

    @Test
    void withoutHelmignoreHiddenFilesAreLeftOut() throws IOException {
        Path chart = directory.resolve("plain");
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: plain\nversion: 1.2.3\n");
        Files.writeString(chart.resolve("templates/configmap.yaml"), "kind: ConfigMap\n");
        Files.writeString(chart.resolve(".env"), "SECRET=1\n");
        Files.createDirectories(chart.resolve(".git"));
        Files.writeString(chart.resolve(".git/HEAD"), "ref: refs/heads/main\n");

        assertThat(entries(ChartDirectory.pack(chart).bytes()))
                .containsExactly("plain/Chart.yaml", "plain/templates/configmap.yaml");
    }

    @Test
    void symbolicLinksAreLeftOutSoNothingFromOutsideTheChartIsPacked() throws IOException {
        Path secret = directory.resolve("secret.txt");
        Files.writeString(secret, "token");
        Path chart = directory.resolve("linked");
        Files.createDirectories(chart);
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: linked\nversion: 1.0.0\n");
        Files.createSymbolicLink(chart.resolve("secret.txt"), secret);

        assertThat(entries(ChartDirectory.pack(chart).bytes())).containsExactly("linked/Chart.yaml");
    }

    @Test
    void theTopDirectoryIsTheChartsNameWhateverTheFolderIsCalled() throws IOException {
        Path chart = directory.resolve("folder");
        Files.createDirectories(chart);
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: \"api\"\nversion: 1.0.0\n");

        assertThat(entries(ChartDirectory.pack(chart).bytes())).containsExactly("api/Chart.yaml");
    }

    @Test
    void aDirectoryWithoutChartYamlIsRefused() throws IOException {
        Files.writeString(directory.resolve("values.yaml"), "a: 1\n");

        assertThatThrownBy(() -> ChartDirectory.pack(directory))
                .isInstanceOfSatisfying(
                        TrebuchetException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CHART))
                .hasMessage("%s is not a chart directory: it has no Chart.yaml", directory);
        assertThat(ChartDirectory.isChart(directory)).isFalse();
    }

    @Test
    void aChartThatIsNotValidIsRefusedAsTheServerRefusesAnUpload() throws IOException {
        Files.writeString(directory.resolve("Chart.yaml"), "apiVersion: v2\nname: broken\nversion: latest\n");

        assertThatThrownBy(() -> ChartDirectory.pack(directory))
                .isInstanceOfSatisfying(
                        TrebuchetException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CHART))
                .hasMessageContaining("'latest' is not an exact semantic version");
    }

    /** The names in a tar.gz, read with a minimal reader of its own so the test does not trust the packer's format. */
    private static List<String> entries(byte[] archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream tar = new GZIPInputStream(new ByteArrayInputStream(archive))) {
            while (true) {
                byte[] header = tar.readNBytes(512);
                if (header.length < 512 || header[0] == 0) {
                    return names;
                }
                String name = cString(header, 0, 100);
                String prefix = cString(header, 345, 155);
                names.add(prefix.isEmpty() ? name : prefix + "/" + name);
                long size = Long.parseLong(cString(header, 124, 12).trim(), 8);
                tar.skipNBytes(size + (512 - size % 512) % 512);
            }
        }
    }

    private static String cString(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
