package io.trebuchet.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules that the compiler does not check, read from the main sources: feature packages depend on each
 * other without cycles, the export and the application registry stay below the features that use them, and SQL lives
 * in stores. docs/architecture.md draws the same graph.
 */
class PackagesTest {
    private static final Path SOURCES = Path.of("src/main/java/io/trebuchet");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.trebuchet\\.([a-z]+)\\.[A-Za-z]");
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern LINE_COMMENT = Pattern.compile("(?m)^\\s*//.*$");
    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\".*?\"\"\"", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    private static final Pattern STORE = Pattern.compile("\\bio\\.trebuchet\\.([a-z]+)\\.([A-Za-z]*Store)\\b");
    private static final Pattern SQL = Pattern.compile("\\.(createQuery|createUpdate|prepareBatch|createBatch)\\(");

    /**
     * Packages that reach each other today, known: the HTTP layer ({@code api}) asks {@code auth} who is calling,
     * {@code auth}'s sign-in pages and token routes are HTTP resources, tokens are audited, and the event routes are
     * HTTP resources. Listed so that a new cycle fails, and so that the list shrinks when one is broken.
     */
    private static final Set<Set<String>> KNOWN_CYCLES = Set.of(Set.of("api", "audit", "auth"));

    private static SortedMap<String, SortedSet<String>> dependencies;
    private static Map<Path, String> code;

    @BeforeAll
    static void read() throws IOException {
        dependencies = new TreeMap<>();
        code = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file :
                    files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String text = LINE_COMMENT
                        .matcher(BLOCK_COMMENT.matcher(read(file)).replaceAll(""))
                        .replaceAll("");
                code.put(file, text);
                text = STRING.matcher(TEXT_BLOCK.matcher(text).replaceAll("")).replaceAll("");
                String from = SOURCES.relativize(file).getName(0).toString();
                if (from.endsWith(".java")) {
                    continue;
                }
                SortedSet<String> to = dependencies.computeIfAbsent(from, ignored -> new TreeSet<>());
                Matcher matcher = REFERENCE.matcher(text);
                while (matcher.find()) {
                    if (!matcher.group(1).equals(from)) {
                        to.add(matcher.group(1));
                    }
                }
            }
        }
    }

    @Test
    void readsEveryFeaturePackage() {
        assertThat(dependencies)
                .containsKeys("application", "release", "deploy", "gitexport", "kuberpult", "core", "server");
        assertThat(dependencies.get("server")).contains("application", "release", "gitexport", "kuberpult");
    }

    @Test
    void packagesDependOnEachOtherWithoutNewCycles() {
        Set<Set<String>> cycles = new HashSet<>();
        for (String from : dependencies.keySet()) {
            Set<String> component = new TreeSet<>();
            for (String to : dependencies.keySet()) {
                if (reaches(from, to) && reaches(to, from)) {
                    component.add(to);
                }
            }
            if (component.size() > 1) {
                cycles.add(Set.copyOf(component));
            }
        }
        assertThat(cycles)
                .as("groups of packages that reach each other, known: %s; dependencies: %s", KNOWN_CYCLES, dependencies)
                .isEqualTo(KNOWN_CYCLES);
    }

    @Test
    void coreDependsOnNoFeature() {
        assertThat(dependencies.get("core")).isEmpty();
    }

    @Test
    void theExportDependsOnNoFeatureThatDecides() {
        assertThat(dependencies.get("gitexport"))
                .doesNotContain("deploy", "lock", "release", "application", "train", "kuberpult", "server", "web");
    }

    @Test
    void applicationsAreBelowReleasesAndDeploys() {
        assertThat(dependencies.get("application")).doesNotContain("release", "deploy", "lock", "train", "server");
    }

    @Test
    void onlyTheServerAndTheCommandLineWireTheObjectGraph() {
        assertThat(dependencies.entrySet())
                .filteredOn(entry -> entry.getValue().contains("server"))
                .extracting(Map.Entry::getKey)
                .allSatisfy(from -> assertThat(from).isIn("cli", "bench"));
    }

    @Test
    void sqlLivesInStores() {
        List<String> outside = code.entrySet().stream()
                .filter(entry -> SQL.matcher(entry.getValue()).find())
                .map(entry -> SOURCES.relativize(entry.getKey()).toString())
                .filter(path -> !path.endsWith("Store.java"))
                // The event log is the events' store; the store package is the database itself; the bench seeds one.
                .filter(path -> !path.equals("audit/EventLog.java"))
                .filter(path -> !path.startsWith("store/") && !path.startsWith("bench/"))
                .toList();
        assertThat(outside).as("classes with SQL that are not stores").isEmpty();
    }

    @Test
    void aFeatureReachesAnotherThroughItsServiceNotItsStore() {
        List<String> reachingIn = new ArrayList<>();
        code.forEach((file, text) -> {
            String from = SOURCES.relativize(file).getName(0).toString();
            Matcher matcher = STORE.matcher(text);
            while (matcher.find()) {
                // The server builds the object graph, stores included.
                if (!matcher.group(1).equals(from) && !from.equals("server")) {
                    reachingIn.add(SOURCES.relativize(file) + " uses " + matcher.group(1) + "." + matcher.group(2));
                }
            }
        });
        assertThat(reachingIn).isEmpty();
    }

    private static boolean reaches(String from, String to) {
        Set<String> seen = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(from));
        while (!next.isEmpty()) {
            String current = next.pop();
            if (current.equals(to)) {
                return true;
            }
            if (seen.add(current)) {
                next.addAll(dependencies.getOrDefault(current, new TreeSet<>()));
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
