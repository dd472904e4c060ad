package io.trebuchet.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link and every anchor in the repository's Markdown files leads somewhere: the file or directory
 * exists inside the repository, and the heading (as GitHub names its anchor) or the {@code <a id>} is in it. Links to
 * other sites are not followed: the tests run offline.
 */
class MarkdownLinksTest {
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "data", "node_modules");
    // [text](target "title") and ![alt](target); the text may hold one level of brackets.
    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?");
    private static final Pattern HTML_LINK = Pattern.compile("\\b(?:href|src)=\"([^\"]*)\"");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

    @Test
    void everyRelativeLinkAndAnchorInTheRepositoryResolves() {
        Path root = Path.of("").toAbsolutePath();

        List<Path> files = markdownFiles(root);

        assertThat(files)
                .contains(root.resolve("README.md"), root.resolve("docs").resolve("cli.md"));
        assertThat(problems(root, files)).isEmpty();
    }

    @Test
    void missingFilesMissingAnchorsAndLinksOutOfTheRepositoryAreFound(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("README.md"), """
                # Title
                ## Git export: the manifest repository
                ## Layout (Kuberpult's)
                See [the export](#git-export-the-manifest-repository), [layout](docs/page.md#layout), [up](#title),
                [gone](docs/gone.md), [no heading](#nowhere), [outside](../shared/DESIGN.md), [site](https://example.com).
                `[in code](nowhere.md)`

                ```
                [in a block](nowhere.md)
                ```
                """);
        Files.writeString(root.resolve("docs").resolve("page.md"), """
                # Page
                <a id="layout"></a>
                Back to [the layout](../README.md#layout-kuberpults) and [a missing part](../README.md#layout-1).
                ![picture](overview.png)
                """);

        List<String> problems = problems(root, markdownFiles(root));

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "README.md:5: docs/gone.md: no such file",
                        "README.md:5: #nowhere: no such heading or anchor in README.md",
                        "README.md:5: ../shared/DESIGN.md: outside the repository",
                        "docs/page.md:3: ../README.md#layout-1: no such heading or anchor in README.md",
                        "docs/page.md:4: overview.png: no such file");
    }

    @Test
    void anchorsAreNamedAsGitHubNamesThem() {
        assertThat(anchors(List.of(
                        "# Trebuchet",
                        "## Git export: the manifest repository",
                        "### Layout (Kuberpult's)",
                        "## `trebuchet status` in 0.3 s",
                        "## Configuration as code",
                        "```",
                        "# a comment in a block",
                        "```",
                        "## Configuration as code",
                        "## [Linked](elsewhere.md) heading ##")))
                .containsExactlyInAnyOrder(
                        "trebuchet",
                        "git-export-the-manifest-repository",
                        "layout-kuberpults",
                        "trebuchet-status-in-03-s",
                        "configuration-as-code",
                        "configuration-as-code-1",
                        "linked-heading");
    }

    private static List<Path> markdownFiles(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> path.getFileName().toString().endsWith(".md"))
                    .filter(path -> root.relativize(path).getNameCount() > 0)
                    .filter(path -> !skipped(root.relativize(path)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean skipped(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            String name = relative.getName(i).toString();
            if (name.startsWith(".") || SKIPPED_DIRECTORIES.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> problems(Path root, List<Path> files) {
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = read(file);
            String name = root.relativize(file).toString().replace('\\', '/');
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (FENCE.matcher(line).find()) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                int lineNumber = i + 1;
                for (String target : targets(line)) {
                    problem(root, file, target, anchorsByFile)
                            .ifPresent(problem -> problems.add(name + ":" + lineNumber + ": " + problem));
                }
            }
        }
        return problems;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The link targets of a line outside code blocks, code spans left out. */
    private static List<String> targets(String line) {
        String text = CODE_SPAN.matcher(line).replaceAll("code");
        List<String> targets = new ArrayList<>();
        for (Pattern pattern : List.of(INLINE_LINK, REFERENCE_DEFINITION, HTML_LINK)) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                targets.add(matcher.group(1));
            }
        }
        return targets;
    }

    private static Optional<String> problem(Path root, Path file, String target, Map<Path, Set<String>> anchorsByFile) {
        if (target.isEmpty() || SCHEME.matcher(target).find()) {
            return Optional.empty();
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path linked = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!linked.startsWith(root)) {
            return Optional.of(target + ": outside the repository");
        }
        if (!Files.exists(linked)) {
            return Optional.of(target + ": no such file");
        }
        if (hash < 0) {
            return Optional.empty();
        }
        String anchor = target.substring(hash + 1);
        String linkedName = root.relativize(linked).toString().replace('\\', '/');
        if (!linkedName.endsWith(".md")) {
            return Optional.of(target + ": an anchor in a file that is not Markdown");
        }
        Set<String> anchors = anchorsByFile.computeIfAbsent(linked, markdown -> anchors(read(markdown)));
        return anchors.contains(anchor)
                ? Optional.empty()
                : Optional.of(target + ": no such heading or anchor in " + linkedName);
    }

    /** The anchors of a Markdown file: its headings as GitHub names them, and {@code <a id>} / {@code <a name>}. */
    private static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : lines) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher anchor = HTML_ANCHOR.matcher(line);
            while (anchor.find()) {
                anchors.add(anchor.group(1));
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(2));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    /** GitHub's anchor for a heading: its text lower-cased, punctuation dropped, spaces as hyphens. */
    private static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "")
                .replace(' ', '-');
    }
}
