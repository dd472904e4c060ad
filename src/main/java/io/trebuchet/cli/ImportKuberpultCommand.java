package io.trebuchet.cli;

import io.trebuchet.core.Actor;
import io.trebuchet.gitexport.RemoteCredentials;
import io.trebuchet.kuberpult.KuberpultImport;
import io.trebuchet.kuberpult.KuberpultImporter;
import io.trebuchet.kuberpult.KuberpultRepository;
import io.trebuchet.server.Features;
import io.trebuchet.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trebuchet import-kuberpult}: reads a Kuberpult manifest repository and puts its environments, applications,
 * releases and current deployments into the store, in one transaction. It writes to the store directly, like {@code
 * serve}: with the embedded store, run it while the server is stopped; the server's git export then writes the
 * imported state to the manifest repository.
 */
@Command(
        name = "import-kuberpult",
        mixinStandardHelpOptions = true,
        description = "Import environments, applications, teams, releases, deployments, locks and queued versions"
                + " from a Kuberpult manifest repository (current or legacy layout) into the store, keeping"
                + " Kuberpult's authors and times; lists what it cannot import.",
        footer = {
            "",
            "Examples:",
            "  trebuchet import-kuberpult ../manifests                        # a local clone, branch master",
            "  trebuchet import-kuberpult https://git.example.com/org/manifests.git --branch main --dry-run",
            "",
            "With the embedded store, stop the server first (the store is a file only one process opens)."
        })
final class ImportKuberpultCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "REPOSITORY",
            description = "Path or URL (file, https, ssh) of the repository.")
    String repository;

    @Option(
            names = "--branch",
            paramLabel = "BRANCH",
            defaultValue = "master",
            description = "Branch to read (default ${DEFAULT-VALUE}, Kuberpult's default).")
    String branch;

    @Option(names = "--dry-run", description = "Show what would be imported and change nothing.")
    boolean dryRun;

    @Option(
            names = "--username",
            paramLabel = "USER",
            defaultValue = "${env:KUBERPULT_REPO_USERNAME}",
            description = "User name for an https repository (env KUBERPULT_REPO_USERNAME).")
    String username;

    @Option(
            names = "--password",
            paramLabel = "PASSWORD",
            defaultValue = "${env:KUBERPULT_REPO_PASSWORD}",
            description = "Password or token for an https repository (env KUBERPULT_REPO_PASSWORD).")
    String password;

    @Mixin
    StoreOptions store;

    @Option(
            names = "--author-name",
            paramLabel = "NAME",
            defaultValue = "kuberpult-import",
            description = "Who the import's events are recorded as (default ${DEFAULT-VALUE}).")
    String authorName;

    @Option(
            names = "--author-email",
            paramLabel = "EMAIL",
            defaultValue = "kuberpult-import@trebuchet.invalid",
            description = "Email of the import's actor (default ${DEFAULT-VALUE}).")
    String authorEmail;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RemoteCredentials credentials =
                RemoteCredentials.https(Optional.ofNullable(username), Optional.ofNullable(password));
        KuberpultImport found = KuberpultRepository.read(repository, branch, credentials);
        out.printf(
                "Found %d environments, %d applications, %d releases, %d deployments, %d locks and %d queued versions.%n",
                found.environments().size(),
                found.teams().size(),
                found.releases().size(),
                found.deployments().size(),
                found.locks().size(),
                found.queued().size());
        if (!found.notImported().isEmpty()) {
            out.printf("Not imported (%d):%n", found.notImported().size());
            found.notImported().forEach(reason -> out.println("  " + reason));
        }
        if (dryRun) {
            found.environments().keySet().forEach(environment -> out.println("environment " + environment));
            found.releases()
                    .forEach(release -> out.printf(
                            "release %s %s for %s, created %s%n",
                            release.application(),
                            release.version(),
                            String.join(
                                    ", ",
                                    release.manifests().keySet().stream()
                                            .map(Object::toString)
                                            .toList()),
                            release.createdAt().map(Object::toString).orElse("now")));
            found.deployments()
                    .forEach(deployment -> out.printf(
                            "deploy %s %s to %s, by %s at %s%n",
                            deployment.application(),
                            deployment.version(),
                            deployment.environment(),
                            deployment.deployed().author().map(Actor::name).orElse(authorName),
                            deployment.deployed().at().map(Object::toString).orElse("now")));
            found.queued()
                    .forEach(queued -> out.printf(
                            "queue %s %s in %s%n", queued.application(), queued.version(), queued.environment()));
            found.locks()
                    .forEach(lock -> out.printf(
                            "lock %s: %s, by %s at %s%n",
                            lock.describe(),
                            lock.message(),
                            lock.created().author().map(Actor::name).orElse(authorName),
                            lock.created().at().map(Object::toString).orElse("now")));
            out.println("Dry run: nothing changed.");
            return Main.EXIT_OK;
        }
        try (Database database = Database.open(store.store())) {
            KuberpultImporter.Summary summary = Features.wire(database, Clock.systemUTC())
                    .kuberpult()
                    .apply(found, new Actor(authorName, authorEmail));
            out.printf(
                    "Imported: %d environments created or changed, %d releases created (%d already there),"
                            + " %d of %d deployments changed, %d of %d locks changed, %d of %d queued versions"
                            + " changed.%n",
                    summary.environmentsChanged(),
                    summary.releasesCreated(),
                    summary.releasesKnown(),
                    summary.deploymentsChanged(),
                    summary.deployments(),
                    summary.locksChanged(),
                    summary.locks(),
                    summary.queuedChanged(),
                    summary.queued());
        }
        return Main.EXIT_OK;
    }
}
