package io.trebuchet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.application.ApplicationChart;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.environment.Upstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformDirectoryTest {
    @TempDir
    Path directory;

    @BeforeEach
    void platform() throws IOException {
        write("platform.yaml", "name: shop\n");
        write("environments/dev.yaml", "name: dev\nupstream:\n  latest: true\n");
        write("environments/staging.yaml", """
                # staging follows dev
                name: staging
                upstream:
                  environment: dev
                argocd:
                  destination:
                    server: https://kubernetes.default.svc
                    namespace: shop
                  syncWindows:
                    - kind: deny
                      schedule: "0 22 * * *"
                      duration: 8h
                """);
        write("environments/prod-de.yml", """
                name: prod-de
                upstream: {environment: staging}
                environmentGroup: production
                """);
        write("applications/cart.yaml", "name: cart\nteam: payments\n");
        write("applications/search.yaml", "name: search\n");
        write("applications/README.md", "notes are ignored\n");
    }

    @Test
    void readsEveryDeclaration() {
        Platform platform = PlatformDirectory.read(directory);

        assertThat(platform.platform().name()).contains("shop");
        assertThat(platform.environments())
                .extracting(EnvironmentDeclaration::name)
                .containsExactly(EnvName.of("dev"), EnvName.of("prod-de"), EnvName.of("staging"));
        EnvironmentDeclaration prod = platform.environments().get(1);
        assertThat(prod.config().upstream()).contains(Upstream.of(EnvName.of("staging")));
        assertThat(prod.config().environmentGroup()).contains(GroupName.of("production"));
        assertThat(platform.environments()
                        .get(2)
                        .config()
                        .argocd()
                        .orElseThrow()
                        .syncWindows())
                .singleElement()
                .satisfies(window -> assertThat(window.schedule()).isEqualTo("0 22 * * *"));
        assertThat(platform.applications())
                .containsExactly(
                        new ApplicationDeclaration(AppName.of("cart"), Optional.of(TeamName.of("payments"))),
                        new ApplicationDeclaration(AppName.of("search"), Optional.empty()));
    }

    @Test
    void anEmptyPlatformFileIsFine() throws IOException {
        write("platform.yaml", "# nothing to set yet\n");

        assertThat(PlatformDirectory.read(directory).platform()).isEqualTo(PlatformSettings.EMPTY);
    }

    @Test
    void aProblemInsideAListNamesFileLineColumnAndField() throws IOException {
        write(
                "environments/staging.yaml",
                Files.readString(directory.resolve("environments/staging.yaml")).replace("kind: deny", "kind: deni"));

        assertThat(problems())
                .containsExactly(file("environments/staging.yaml")
                        + ":10:7: argocd.syncWindows[0].kind: must be 'allow'" + " or 'deny', got 'deni'");
    }

    @Test
    void unknownFieldsAndWrongTypesAreRefusedWhereTheyAre() throws IOException {
        write("environments/dev.yaml", "name: dev\nupstream:\n  latest: true\n  lastest: true\n");
        write("applications/cart.yaml", "name: cart\nteam: [payments]\n");

        assertThat(problems())
                .containsExactly(
                        file("environments/dev.yaml") + ":4:3: upstream.lastest: unknown field 'lastest'",
                        file("applications/cart.yaml") + ":2:1: team: expected a string");
    }

    @Test
    void namesAreCheckedAndMustBeUnique() throws IOException {
        write("environments/dev2.yaml", "name: dev\nupstream:\n  latest: true\n");
        write("applications/bad.yaml", "team: x\nname: Cart\n");
        write("applications/nameless.yaml", "team: x\n");

        assertThat(problems())
                .containsExactly(
                        file("applications/bad.yaml") + ":2:1: name: application name 'Cart' is not valid: it must"
                                + " match [a-z0-9]+(-[a-z0-9]+)*",
                        file("applications/nameless.yaml") + ":1:1: name is missing",
                        file("environments/dev2.yaml") + ":1:1: name: environment dev is declared in "
                                + file("environments/dev.yaml") + " already");
    }

    @Test
    void everyUpstreamMustBeDeclaredAndTheLinksMustFormAForest() throws IOException {
        write("environments/prod-de.yml", "name: prod-de\nupstream: {environment: stagin}\n");

        assertThat(problems())
                .containsExactly(file("environments/prod-de.yml")
                        + ":2:12: upstream.environment: environment stagin is not declared in this directory");

        write("environments/prod-de.yml", "name: prod-de\nupstream: {environment: staging}\n");
        write("environments/dev.yaml", "name: dev\nupstream:\n  environment: prod-de\n");

        assertThat(problems())
                .containsExactly(file("environments/dev.yaml")
                        + ":3:3: upstream.environment: upstream links form a cycle: dev -> prod-de -> staging -> dev");
    }

    @Test
    void syntaxErrorsSeveralDocumentsAndEmptyFilesAreProblems() throws IOException {
        write("environments/broken.yaml", "name: broken\nupstream: [\n");
        write("environments/two.yaml", "name: a\n---\nname: b\n");
        write("environments/empty.yaml", "# nothing\n");
        write("applications/dup.yaml", "name: dup\nname: again\n");

        assertThat(problems())
                .containsExactly(
                        file("environments/broken.yaml") + ":3:1: not valid YAML: expected the node content, but found"
                                + " '<stream end>'",
                        file("environments/empty.yaml") + ": is empty",
                        file("environments/two.yaml") + ": holds 2 YAML documents; give one per file",
                        file("applications/dup.yaml") + ":2:1: not valid YAML: found duplicate key name");
    }

    @Test
    void keysThatAreNoStringsAliasBombsAndBadTagsAreProblemsNotCrashes() throws IOException {
        write("environments/null-key.yaml", "name: n\n? \n");
        write("environments/number-key.yaml", "name: n\nvalues: {1: a, b: c}\n");
        StringBuilder bomb = new StringBuilder("name: bomb\nl0: &l0 [x]\n");
        for (int level = 1; level <= 10; level++) {
            bomb.append("l%d: &l%d [%s]\n"
                    .formatted(level, level, ("*l" + (level - 1) + ", ").repeat(7) + "*l" + (level - 1)));
        }
        write("applications/bomb.yaml", bomb.toString());
        write("stacks/tag.yaml", "name: s\nt: !%0");

        assertThat(problems())
                .containsExactly(
                        file("environments/null-key.yaml")
                                + ":2:2: a key must be a string; quote it if it is meant as one",
                        file("environments/number-key.yaml")
                                + ":2:10: a key must be a string; quote it if it is meant as one",
                        file("applications/bomb.yaml")
                                + ":9:10: this file is too complex: it expands to more than 1000000 nodes (scalars,"
                                + " mappings and sequences, aliases expanded) (at line 9, column 10); at most 1000000 are"
                                + " allowed",
                        file("stacks/tag.yaml")
                                + ": not valid YAML: malformed YAML: Tag must not contain leading or trailing spaces.");
    }

    @Test
    void yamlScalarsFollowTheCoreSchema() throws IOException {
        // In YAML 1.1 an unquoted "no" would be false; in the core schema it is a string, here a team name.
        write("applications/cart.yaml", "name: cart\nteam: no\n");

        assertThat(PlatformDirectory.read(directory).applications().getFirst().team())
                .contains(TeamName.of("no"));
    }

    @Test
    void theStructureOfTheDirectoryIsChecked() throws IOException {
        Files.delete(directory.resolve("platform.yaml"));
        write("environments/dev.json", "{}");
        write("policies/strict.yaml", "pinned-image-tag: error\n");
        write("environments/.hidden.yaml", "ignored: true\n");

        assertThat(problems())
                .containsExactly(
                        file("platform.yaml") + ": is missing: every platform directory has one (it may be empty)",
                        file("policies") + ": is not read: policies go in each environment's config (field policies)",
                        file("environments/dev.json") + ": only .yaml or .yml files belong in environments/");
        assertThat(PlatformDirectory.isPlatformDirectory(directory)).isFalse();
    }

    @Test
    void readsStacksAndTemplateFilesInsideTheDirectory() throws IOException {
        write("stacks/geo.yaml", "name: geo\ndescription: maps\nvalues: {redis: {host: redis}}\n");
        write("templates/tiles.yaml", "kind: ConfigMap\ndata: {tag: \"{{image.tag}}\"}\n");
        write("applications/tiles.yaml", "name: tiles\nstack: geo\ntemplateFile: templates/tiles.yaml\n");

        Platform platform = PlatformDirectory.read(directory);

        assertThat(platform.stacks().getFirst().values()).containsEntry("redis", Map.of("host", "redis"));
        assertThat(platform.applications().stream()
                        .filter(application -> application.name().value().equals("tiles"))
                        .findFirst()
                        .orElseThrow()
                        .template()
                        .orElseThrow()
                        .names())
                .containsExactly("image.tag");
    }

    @Test
    void templateFilesMustExistInsideTheDirectory() throws IOException {
        write("applications/tiles.yaml", "name: tiles\ntemplateFile: ../outside.yaml\n");
        write("applications/maps.yaml", "name: maps\ntemplateFile: templates/missing.yaml\n");
        write("applications/both.yaml", "name: both\ntemplate: 'a: 1'\ntemplateFile: templates/missing.yaml\n");

        assertThat(problems())
                .containsExactly(
                        file("applications/both.yaml") + ":3:1: templateFile: give template or templateFile, not both",
                        file("applications/maps.yaml")
                                + ":2:1: templateFile: templates/missing.yaml is not a file in the platform directory",
                        file("applications/tiles.yaml")
                                + ":2:1: templateFile: ../outside.yaml is not a file in the platform directory");
    }

    @Test
    void aChartDirectoryIsPackedAndAReferenceKeptAsWritten() throws IOException {
        write("charts/api/Chart.yaml", "apiVersion: v2\nname: api\nversion: 1.2.0\nappVersion: \"3.1\"\n");
        write("charts/api/templates/configmap.yaml", "kind: ConfigMap\n");
        write("applications/api.yaml", "name: api\nchart:\n  path: charts/api\n");
        write(
                "applications/maps.yaml",
                "name: maps\nchart:\n  chart: oci://registry.example.com/charts/maps\n  version: 1.4.2\n");

        Platform platform = PlatformDirectory.read(directory);

        ApplicationDeclaration api = application(platform, "api");
        ApplicationChart packed = api.spec().settings().chart().orElseThrow();
        assertThat(packed.chart()).isEqualTo("api");
        assertThat(packed.version()).isEqualTo("1.2.0");
        assertThat(packed.path()).contains("charts/api");
        assertThat(packed.digest())
                .contains(
                        api.chart().orElseThrow().packedArchive().orElseThrow().digest());
        // Packed again, the same directory has the same digest: a plan shows no change.
        assertThat(application(PlatformDirectory.read(directory), "api").spec()).isEqualTo(api.spec());
        assertThat(application(platform, "maps").spec().settings().chart())
                .contains(new ApplicationChart(
                        "oci://registry.example.com/charts/maps",
                        Optional.empty(),
                        "1.4.2",
                        Optional.empty(),
                        Optional.empty()));
    }

    @Test
    void chartDeclarationsThatAreWrongAreProblemsOfTheirFileAndField() throws IOException {
        write("charts/empty/values.yaml", "a: 1\n");
        write("charts/api/Chart.yaml", "apiVersion: v2\nname: api\nversion: 1.2.0\n");
        write("applications/a.yaml", "name: a\nchart:\n  path: ../outside\n");
        write("applications/b.yaml", "name: b\nchart:\n  path: charts/empty\n");
        write("applications/c.yaml", "name: c\ntemplate: 'a: 1'\nchart:\n  path: charts/api\n");
        write("applications/d.yaml", "name: d\nchart:\n  chart: oci://registry.example.com/charts/d\n");
        write(
                "applications/e.yaml",
                "name: e\nchart:\n  chart: oci://registry.example.com/charts/e\n  version: ^1.4\n");
        write("applications/f.yaml", "name: f\nchart:\n  path: charts/api\n  version: 1.2.0\n");
        write("applications/g.yaml", "name: g\nchart:\n  chart: https://charts.example.com/g\n  version: 1.0.0\n");

        assertThat(problems())
                .containsExactly(
                        file("applications/a.yaml")
                                + ":3:3: chart.path: ../outside is not a directory in the platform directory",
                        file("applications/b.yaml")
                                + ":3:3: chart.path: charts/empty is not a chart directory: it has no Chart.yaml",
                        file("applications/c.yaml")
                                + ":3:1: chart: an application is rendered from a template or from a chart, not both",
                        file("applications/d.yaml")
                                + ":2:1: chart: a chart reference needs an exact version: add chart.version (e.g. 1.4.2)",
                        file("applications/e.yaml")
                                + ":4:3: chart.version: chart version '^1.4' is not an exact semantic version such as"
                                + " 1.4.2 or 0.3.0-dev.7",
                        file("applications/f.yaml")
                                + ":3:3: chart.path: give path (a chart directory of the platform) or chart with"
                                + " version, not both: a chart directory has its version in its Chart.yaml",
                        file("applications/g.yaml")
                                + ":3:3: chart.chart: chart 'https://charts.example.com/g' is neither an OCI reference"
                                + " (oci://registry/path/name) nor a chart name with a repository URL");
    }

    private static ApplicationDeclaration application(Platform platform, String name) {
        return platform.applications().stream()
                .filter(application -> application.name().value().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void readsASingleEnvironmentFile() {

        EnvironmentDeclaration declaration =
                PlatformDirectory.readEnvironment(directory.resolve("environments/prod-de.yml"));

        assertThat(declaration.name()).isEqualTo(EnvName.of("prod-de"));
        assertThat(declaration.config().environmentGroup()).contains(GroupName.of("production"));
    }

    private List<String> problems() {
        try {
            PlatformDirectory.read(directory);
        } catch (TrebuchetException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PLATFORM_CONFIG);
            List<?> problems = (List<?>) e.details().get("problems");
            assertThat(e.getMessage()).contains(problems.size() + " problem");
            return problems.stream().map(Object::toString).toList();
        }
        throw new AssertionError("the directory was read without problems");
    }

    private String file(String relative) {
        return directory.resolve(relative).toString();
    }

    private void write(String relative, String content) throws IOException {
        Path file = directory.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void aBrokenDirectoryIsReportedAsOneError() throws IOException {
        write("environments/dev.yaml", "name: dev\nupstream: {latest: false}\n");

        assertThatThrownBy(() -> PlatformDirectory.read(directory))
                .isInstanceOf(TrebuchetException.class)
                .hasMessage(directory + " has 1 problem:\n  " + file("environments/dev.yaml")
                        + ":2:12: upstream.latest: can only be true; to follow another environment set 'environment'");
    }
}
