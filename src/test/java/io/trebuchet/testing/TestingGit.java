package io.trebuchet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The {@code git} command line, as a person or a CI job uses it on the manifest repository. */
public final class TestingGit {
    private TestingGit() {}

    /** Runs {@code git args} in {@code directory} and returns its standard output; fails the test if git fails. */
    public static String git(Path directory, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.add("-C");
        command.add(directory.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("GIT_AUTHOR_NAME", "Someone Else");
        environment.put("GIT_AUTHOR_EMAIL", "someone@example.com");
        environment.put("GIT_COMMITTER_NAME", "Someone Else");
        environment.put("GIT_COMMITTER_EMAIL", "someone@example.com");
        environment.put("GIT_CONFIG_NOSYSTEM", "1");
        environment.put("GIT_TERMINAL_PROMPT", "0");
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("git " + String.join(" ", args) + " did not finish");
            }
            assertThat(process.exitValue())
                    .as("git %s failed: %s", String.join(" ", args), output)
                    .isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new empty bare repository whose default branch is {@code main}. */
    public static Path newBareRepository() {
        Path directory = temporaryDirectory("trebuchet-remote").resolve("manifests.git");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        git(directory, "init", "--quiet", "--bare", "--initial-branch=main");
        return directory;
    }

    /** Clones {@code branch} of {@code url} with the git CLI into a new directory. */
    public static Path clone(String url, String branch) {
        Path directory = temporaryDirectory("trebuchet-clone").resolve("manifests");
        git(directory.getParent(), "clone", "--quiet", "--branch", branch, url, directory.toString());
        return directory;
    }

    /** Every file of a work tree (outside .git) with its content. */
    public static SortedMap<String, String> files(Path workTree) {
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(workTree)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String relative = workTree.relativize(path).toString().replace('\\', '/');
                if (!relative.startsWith(".git/")) {
                    files.put(relative, Files.readString(path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** A new directory under one base directory per test run, which is removed when the run ends. */
    public static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(Base.DIRECTORY, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Base {
        static final Path DIRECTORY = create();

        private static Path create() {
            try {
                Path directory = Files.createTempDirectory("trebuchet-git-tests");
                Runtime.getRuntime()
                        .addShutdownHook(
                                new Thread(() -> TestingFiles.deleteRecursively(directory), "delete " + directory));
                return directory;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
