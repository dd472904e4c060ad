package io.trebuchet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The export's baseline, what Kuberpult does by default: one commit and one push per event. With the git command line
 * on a working clone of the manifest repository that the export wrote (so the tree is as large), pushing to a bare
 * copy of it on the same disk: for each event, write the application's new manifest, {@code git commit -a}, {@code git
 * push}. Kuberpult does this in-process with libgit2 and pushes over the network, which costs more; this baseline
 * leaves out the network and pays two process starts per event instead.
 */
final class GitBaseline {
    private GitBaseline() {}

    /** Seconds per event (commit and push), over {@code events} events. */
    record Result(double secondsPerEvent, int events) {}

    static Optional<Result> measure(
            BenchRun run,
            BenchStore store,
            String branch,
            List<String> applications,
            List<String> environments,
            int events) {
        if (!Processes.available("git")) {
            run.progress("git is missing: no baseline for the export");
            return Optional.empty();
        }
        Path directory = run.work().resolve(store.name() + "-git-baseline");
        Path remote = directory.resolve("remote.git");
        Path clone = directory.resolve("clone");
        Path log = run.logs().resolve(store.name() + "-git-baseline.log");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        Processes.run(
                List.of(
                        "git",
                        "clone",
                        "-q",
                        "--bare",
                        store.manifestRepository().toString(),
                        remote.toString()),
                log);
        Processes.run(List.of("git", "clone", "-q", "-b", branch, remote.toString(), clone.toString()), log);
        long total = 0;
        for (int event = 0; event < events; event++) {
            String application = applications.get(event % applications.size());
            String environment = environments.get((event / applications.size() + event) % environments.size());
            Path manifest = clone.resolve(
                    "environments/%s/applications/%s/manifests/manifests.yaml".formatted(environment, application));
            String content = Fleet.manifest(application, 1000 + event, environment, BenchSizes.FLEET_MANIFEST_BYTES);
            long start = System.nanoTime();
            try {
                Files.writeString(manifest, content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + manifest, e);
            }
            git(clone, log, "commit", "-q", "-a", "-m", "Deploy %s to %s".formatted(application, environment));
            git(clone, log, "push", "-q", "origin", "HEAD:" + branch);
            total += System.nanoTime() - start;
        }
        return Optional.of(new Result(total / 1e9 / events, events));
    }

    private static void git(Path clone, Path log, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-c",
                "user.name=Bench",
                "-c",
                "user.email=bench@example.com",
                "-c",
                "gc.auto=0",
                "-c",
                "commit.gpgSign=false"));
        command.addAll(List.of(arguments));
        Processes.run(command, log, clone);
    }
}
