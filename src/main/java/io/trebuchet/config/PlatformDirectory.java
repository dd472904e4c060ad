package io.trebuchet.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trebuchet.chart.ChartArchive;
import io.trebuchet.chart.ChartDirectory;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.environment.EnvironmentConfig;
import io.trebuchet.environment.EnvironmentGraph;
import io.trebuchet.environment.Upstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a platform directory:
 *
 * <pre>
 * platform.yaml              settings of the platform: name, default values (may be empty; marks the directory)
 * environments/&lt;any&gt;.yaml    one environment each: name, then its config (upstream, environmentGroup, argocd,
 *                            freezeWindows, releaseTrains, policies, values ...)
 * applications/&lt;any&gt;.yaml    one application each: name, team, stack, template, templateFile or chart, values,
 *                            environmentValues, environments
 * charts/                    chart directories that applications name with chart.path (any layout)
 * stacks/&lt;any&gt;.yaml          one stack each: name, description, values
 * templates/                 template files that applications name with templateFile (any layout)
 * </pre>
 *
 * The first problem of each file is reported, all files at once, each with file, line, column and field. Across files it checks
 * that names are unique and that every upstream is declared in the directory and the upstream links form a forest.
 */
public final class PlatformDirectory {
    public static final String SETTINGS_FILE = "platform.yaml";
    public static final String ENVIRONMENTS = "environments";
    public static final String APPLICATIONS = "applications";
    public static final String STACKS = "stacks";
    /** Folders people might expect that are not part of a platform directory, with where their content goes instead. */
    private static final Map<String, String> MISPLACED = Map.of(
            "values", "values go in platform.yaml, stacks/, applications/ or environments/ files (field values)",
            "policies", "policies go in each environment's config (field policies)");

    private static final long MAX_FILE_BYTES = 1024 * 1024;

    private PlatformDirectory() {}

    /** Whether {@code directory} looks like a platform directory: it holds {@code platform.yaml}. */
    public static boolean isPlatformDirectory(Path directory) {
        return Files.isRegularFile(directory.resolve(SETTINGS_FILE));
    }

    /** Reads the platform, or throws {@code INVALID_PLATFORM_CONFIG} listing every problem in {@code details.problems}. */
    public static Platform read(Path directory) {
        List<PlatformProblem> problems = new ArrayList<>();
        PlatformSettings settings = settings(directory, problems);
        for (String misplaced : MISPLACED.keySet().stream().sorted().toList()) {
            if (Files.exists(directory.resolve(misplaced))) {
                problems.add(new PlatformProblem(
                        display(directory, misplaced), 0, 0, "", "is not read: " + MISPLACED.get(misplaced)));
            }
        }
        List<Located<EnvironmentDeclaration>> environments = new ArrayList<>();
        List<Path> environmentFiles = yamlFiles(directory, ENVIRONMENTS, problems);
        for (Path file : environmentFiles) {
            load(directory, file, problems)
                    .flatMap(yaml -> environment(yaml, problems))
                    .ifPresent(environments::add);
        }
        // An environment file that could not be read would make its downstream environments look unknown.
        boolean everyEnvironmentRead = environments.size() == environmentFiles.size();
        List<Located<ApplicationDeclaration>> applications = new ArrayList<>();
        for (Path file : yamlFiles(directory, APPLICATIONS, problems)) {
            load(directory, file, problems)
                    .flatMap(yaml -> application(directory, yaml, problems))
                    .ifPresent(applications::add);
        }
        List<Located<StackDeclaration>> stacks = new ArrayList<>();
        for (Path file : yamlFiles(directory, STACKS, problems)) {
            load(directory, file, problems)
                    .flatMap(yaml -> object(yaml, problems)
                            .filter(tree -> name(yaml, tree, problems).isPresent())
                            .flatMap(tree -> yaml.map(tree, List.of(), StackDeclaration.class, problems))
                            .map(declaration -> new Located<>(declaration, yaml)))
                    .ifPresent(stacks::add);
        }
        unique(environments, "environment", declaration -> declaration.name().value(), problems);
        unique(applications, "application", declaration -> declaration.name().value(), problems);
        unique(stacks, "stack", declaration -> declaration.name().value(), problems);
        if (everyEnvironmentRead) {
            checkUpstreams(environments, problems);
        }
        throwIfAny(directory.toString(), problems);
        return new Platform(
                settings,
                environments.stream().map(Located::value).toList(),
                applications.stream().map(Located::value).toList(),
                stacks.stream().map(Located::value).toList());
    }

    /** Reads one environment file (as in {@code environments/}), for {@code trebuchet env apply -f FILE}. */
    public static EnvironmentDeclaration readEnvironment(Path file) {
        List<PlatformProblem> problems = new ArrayList<>();
        Optional<EnvironmentDeclaration> declaration = load(file.toString(), file, problems)
                .flatMap(yaml -> environment(yaml, problems))
                .map(Located::value);
        throwIfAny(file.toString(), problems);
        return declaration.orElseThrow();
    }

    private static PlatformSettings settings(Path directory, List<PlatformProblem> problems) {
        Path file = directory.resolve(SETTINGS_FILE);
        if (!Files.isRegularFile(file)) {
            problems.add(new PlatformProblem(
                    display(directory, SETTINGS_FILE),
                    0,
                    0,
                    "",
                    "is missing: every platform directory has one (it may be empty)"));
            return PlatformSettings.EMPTY;
        }
        return load(directory, file, problems)
                .flatMap(yaml -> yaml.isEmpty()
                        ? Optional.of(PlatformSettings.EMPTY)
                        : object(yaml, problems)
                                .flatMap(tree -> yaml.map(tree, List.of(), PlatformSettings.class, problems)))
                .orElse(PlatformSettings.EMPTY);
    }

    private static Optional<Located<EnvironmentDeclaration>> environment(
            YamlFile yaml, List<PlatformProblem> problems) {
        Optional<ObjectNode> tree = object(yaml, problems);
        if (tree.isEmpty()) {
            return Optional.empty();
        }
        Optional<EnvName> name = name(yaml, tree.get(), problems).flatMap(text -> {
            try {
                return Optional.of(EnvName.of(text));
            } catch (TrebuchetException e) {
                problems.add(yaml.problem(List.of("name"), e.getMessage()));
                return Optional.empty();
            }
        });
        ObjectNode config = tree.get().deepCopy();
        config.remove("name");
        Optional<EnvironmentConfig> parsed = yaml.map(config, List.of(), EnvironmentConfig.class, problems);
        if (name.isEmpty() || parsed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Located<>(new EnvironmentDeclaration(name.get(), parsed.get()), yaml));
    }

    private static Optional<Located<ApplicationDeclaration>> application(
            Path directory, YamlFile yaml, List<PlatformProblem> problems) {
        return object(yaml, problems)
                .filter(tree -> name(yaml, tree, problems).isPresent())
                .flatMap(tree -> withTemplateFile(directory, yaml, tree, problems))
                .flatMap(tree -> withChartPath(directory, yaml, tree, problems))
                .flatMap(tree -> yaml.map(tree, List.of(), ApplicationDeclaration.class, problems))
                .map(declaration -> new Located<>(declaration, yaml));
    }

    /** Replaces {@code templateFile: path} by the file's text as {@code template}; the path stays inside the directory. */
    private static Optional<ObjectNode> withTemplateFile(
            Path directory, YamlFile yaml, ObjectNode tree, List<PlatformProblem> problems) {
        JsonNode reference = tree.path("templateFile");
        if (reference.isMissingNode()) {
            return Optional.of(tree);
        }
        if (!reference.isTextual()) {
            problems.add(yaml.problem(List.of("templateFile"), "must be a path in the platform directory"));
            return Optional.empty();
        }
        if (tree.has("template")) {
            problems.add(yaml.problem(List.of("templateFile"), "give template or templateFile, not both"));
            return Optional.empty();
        }
        Path root = directory.toAbsolutePath().normalize();
        Path file = root.resolve(reference.asText()).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            problems.add(yaml.problem(
                    List.of("templateFile"),
                    "%s is not a file in the platform directory".formatted(reference.asText())));
            return Optional.empty();
        }
        Optional<String> text = text(display(directory, root.relativize(file).toString()), file, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode copy = tree.deepCopy();
        copy.remove("templateFile");
        copy.put("template", text.get());
        return Optional.of(copy);
    }

    /**
     * Packs the chart directory that {@code chart: {path: ...}} names (inside the platform directory) and adds the
     * archive, base64, as {@code chart.archive}: the server keeps it, and renders it at each release.
     */
    private static Optional<ObjectNode> withChartPath(
            Path directory, YamlFile yaml, ObjectNode tree, List<PlatformProblem> problems) {
        JsonNode reference = tree.path("chart").path("path");
        if (reference.isMissingNode()) {
            return Optional.of(tree);
        }
        if (!reference.isTextual()) {
            problems.add(yaml.problem(List.of("chart", "path"), "must be a chart directory in the platform directory"));
            return Optional.empty();
        }
        if (tree.path("chart").has("archive")) {
            problems.add(yaml.problem(List.of("chart", "archive"), "is written by trebuchet apply, not by hand"));
            return Optional.empty();
        }
        Path root = directory.toAbsolutePath().normalize();
        Path chart = root.resolve(reference.asText()).normalize();
        if (!chart.startsWith(root) || !Files.isDirectory(chart)) {
            problems.add(yaml.problem(
                    List.of("chart", "path"),
                    "%s is not a directory in the platform directory".formatted(reference.asText())));
            return Optional.empty();
        }
        if (!ChartDirectory.isChart(chart)) {
            problems.add(yaml.problem(
                    List.of("chart", "path"),
                    "%s is not a chart directory: it has no Chart.yaml".formatted(reference.asText())));
            return Optional.empty();
        }
        ChartArchive archive;
        try {
            archive = ChartDirectory.pack(chart);
        } catch (TrebuchetException e) {
            problems.add(yaml.problem(List.of("chart", "path"), e.getMessage()));
            return Optional.empty();
        }
        ObjectNode copy = tree.deepCopy();
        ((ObjectNode) copy.path("chart")).put("archive", Base64.getEncoder().encodeToString(archive.bytes()));
        return Optional.of(copy);
    }

    private static Optional<ObjectNode> object(YamlFile yaml, List<PlatformProblem> problems) {
        if (yaml.isEmpty()) {
            problems.add(new PlatformProblem(yaml.file(), 0, 0, "", "is empty"));
            return Optional.empty();
        }
        if (!(yaml.tree() instanceof ObjectNode object)) {
            problems.add(yaml.problem(List.of(), "must be a mapping of fields (name: ..., ...)"));
            return Optional.empty();
        }
        return Optional.of(object);
    }

    private static Optional<String> name(YamlFile yaml, ObjectNode tree, List<PlatformProblem> problems) {
        JsonNode name = tree.path("name");
        if (name.isMissingNode() || name.isNull()) {
            problems.add(yaml.problem(List.of(), "name is missing"));
            return Optional.empty();
        }
        if (!name.isTextual()) {
            problems.add(yaml.problem(List.of("name"), "must be a string"));
            return Optional.empty();
        }
        return Optional.of(name.asText());
    }

    private static <T> void unique(
            List<Located<T>> items,
            String what,
            java.util.function.Function<T, String> name,
            List<PlatformProblem> problems) {
        Map<String, YamlFile> first = new HashMap<>();
        List<Located<T>> kept = new ArrayList<>();
        for (Located<T> item : items) {
            String key = name.apply(item.value());
            YamlFile earlier = first.putIfAbsent(key, item.yaml());
            if (earlier == null) {
                kept.add(item);
            } else {
                problems.add(item.yaml()
                        .problem(
                                List.of("name"),
                                "%s %s is declared in %s already".formatted(what, key, earlier.file())));
            }
        }
        items.retainAll(kept);
    }

    private static void checkUpstreams(
            List<Located<EnvironmentDeclaration>> environments, List<PlatformProblem> problems) {
        Map<EnvName, Located<EnvironmentDeclaration>> byName = new LinkedHashMap<>();
        environments.forEach(item -> byName.put(item.value().name(), item));
        boolean unknown = false;
        for (Located<EnvironmentDeclaration> item : environments) {
            Optional<EnvName> upstream = item.value().config().upstream().flatMap(Upstream::environment);
            if (upstream.isPresent() && !byName.containsKey(upstream.get())) {
                unknown = true;
                problems.add(item.yaml()
                        .problem(
                                List.of("upstream", "environment"),
                                "environment %s is not declared in this directory".formatted(upstream.get())));
            }
        }
        if (unknown) {
            return;
        }
        Map<EnvName, EnvironmentConfig> configs = new HashMap<>();
        byName.forEach((name, item) -> configs.put(name, item.value().config()));
        try {
            EnvironmentGraph.checked(configs);
        } catch (TrebuchetException e) {
            Object cycle = e.details().get("cycle");
            String first = cycle instanceof List<?> names && !names.isEmpty()
                    ? String.valueOf(names.getFirst())
                    : byName.keySet().iterator().next().value();
            Located<EnvironmentDeclaration> item = byName.get(EnvName.of(first));
            problems.add(item.yaml().problem(List.of("upstream", "environment"), e.getMessage()));
        }
    }

    private static List<Path> yamlFiles(Path directory, String folder, List<PlatformProblem> problems) {
        Path path = directory.resolve(folder);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(path)) {
            List<Path> files = new ArrayList<>();
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (name.startsWith(".") || lower.endsWith(".md")) {
                    continue;
                }
                if (Files.isRegularFile(entry) && (lower.endsWith(".yaml") || lower.endsWith(".yml"))) {
                    files.add(entry);
                } else {
                    problems.add(new PlatformProblem(
                            display(directory, folder + "/" + name),
                            0,
                            0,
                            "",
                            "only .yaml or .yml files belong in %s/".formatted(folder)));
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
    }

    private static Optional<YamlFile> load(Path directory, Path file, List<PlatformProblem> problems) {
        return load(display(directory, directory.relativize(file).toString()), file, problems);
    }

    private static Optional<YamlFile> load(String display, Path file, List<PlatformProblem> problems) {
        return text(display, file, problems).flatMap(text -> YamlFile.parse(display, text, problems));
    }

    private static Optional<String> text(String display, Path file, List<PlatformProblem> problems) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                problems.add(new PlatformProblem(display, 0, 0, "", "is larger than 1 MiB"));
                return Optional.empty();
            }
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString());
        } catch (CharacterCodingException e) {
            problems.add(new PlatformProblem(display, 0, 0, "", "is not UTF-8 text"));
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String display(Path directory, String relative) {
        return directory.resolve(relative).toString();
    }

    private static void throwIfAny(String where, List<PlatformProblem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        throw new TrebuchetException(
                ErrorCode.INVALID_PLATFORM_CONFIG,
                "%s has %d problem%s:%n%s"
                        .formatted(
                                where,
                                problems.size(),
                                problems.size() == 1 ? "" : "s",
                                problems.stream()
                                        .map(problem -> "  " + problem)
                                        .collect(Collectors.joining(System.lineSeparator()))),
                Map.of("problems", List.copyOf(problems)));
    }

    private record Located<T>(T value, YamlFile yaml) {}
}
