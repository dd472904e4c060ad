package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.release.Release;
import io.trebuchet.release.ReleaseService;
import io.trebuchet.store.Database;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** Answers where a source commit is deployed, from one snapshot of releases and deployments. */
public final class CommitService {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");

    private final Database database;
    private final DeployStore deployments;
    private final ReleaseService releases;
    private final EnvironmentService environments;

    public CommitService(
            Database database, DeployStore deployments, ReleaseService releases, EnvironmentService environments) {
        this.database = requireNonNull(database, "database is null");
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.releases = requireNonNull(releases, "releases is null");
        this.environments = requireNonNull(environments, "environments is null");
    }

    /** {@code commit} is a full or abbreviated git commit id (7 to 40 hexadecimal characters). */
    public CommitReport report(String commit) {
        String normalized = requireNonNull(commit, "commit is null").toLowerCase(Locale.ROOT);
        if (!COMMIT.matcher(normalized).matches()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "commit must be 7 to 40 hexadecimal characters (a git commit id), got '%s'"
                            .formatted(commit.length() > 64 ? commit.substring(0, 61) + "..." : commit),
                    Map.of("parameter", "commit"));
        }
        return database.inSnapshot(transaction -> report(transaction.handle(), normalized));
    }

    private CommitReport report(Handle handle, String commit) {
        List<Release> matching = releases.releasesByCommit(handle, commit);
        if (matching.isEmpty()) {
            throw new TrebuchetException(
                    ErrorCode.COMMIT_NOT_FOUND,
                    "no release was built from commit %s".formatted(commit),
                    Map.of("commit", commit));
        }
        checkUnambiguous(commit, matching);
        // Releases come oldest first per application: the first one is where the commit entered.
        Map<AppName, Release> first = new LinkedHashMap<>();
        matching.forEach(release -> first.putIfAbsent(release.application(), release));
        List<EnvName> order =
                environments.list(handle).stream().map(Environment::name).toList();
        List<CommitReport.ApplicationProgress> applications = new ArrayList<>();
        first.forEach((application, release) -> {
            Map<EnvName, Version> deployed = deployments.listByApplication(handle, application).stream()
                    .collect(Collectors.toMap(Deployment::environment, Deployment::version));
            List<EnvName> targets =
                    order.stream().filter(release::hasManifestFor).toList();
            applications.add(new CommitReport.ApplicationProgress(
                    application,
                    release.version(),
                    release.sourceCommitId().orElseThrow(),
                    CommitProgress.decide(release.version(), targets, deployed)));
        });
        return new CommitReport(commit, applications);
    }

    /**
     * The source commit of the release {@code application} runs in {@code environment}, as Kuberpult's {@code
     * /api/environments/{env}/applications/{app}/commit} tells it: author, commit id and message, each absent when the
     * release has none.
     */
    public Map<String, String> deploymentCommit(EnvName environment, AppName application) {
        requireNonNull(environment, "environment is null");
        requireNonNull(application, "application is null");
        return database.inSnapshot(transaction -> {
            Handle handle = transaction.handle();
            environments.get(handle, environment);
            Deployment deployment = deployments.listByApplication(handle, application).stream()
                    .filter(candidate -> candidate.environment().equals(environment))
                    .findFirst()
                    .orElseThrow(() -> new TrebuchetException(
                            ErrorCode.NOT_DEPLOYED,
                            "application %s does not run in environment %s".formatted(application, environment),
                            Map.of("application", application.value(), "environment", environment.value())));
            Release release = releases.release(handle, application, deployment.version());
            Map<String, String> answer = new LinkedHashMap<>();
            release.sourceAuthor().ifPresent(author -> answer.put("author", author));
            release.sourceCommitId().ifPresent(id -> answer.put("commitId", id));
            release.sourceMessage()
                    .filter(text -> !text.isEmpty())
                    .ifPresent(text -> answer.put("commitMessage", text));
            return answer;
        });
    }

    /**
     * The report in the shape of Kuberpult's {@code /api/commit-deployments/{commit}}: per application, per environment
     * {@code DEPLOYED}, {@code PENDING} or {@code UNKNOWN}.
     */
    public Map<String, Object> kuberpultReport(String commit) {
        Map<String, Object> applications = new LinkedHashMap<>();
        for (CommitReport.ApplicationProgress application : report(commit).applications()) {
            Map<String, String> states = new LinkedHashMap<>();
            application
                    .environments()
                    .forEach(progress -> states.put(
                            progress.environment().value(), progress.status().name()));
            applications.put(application.application().value(), Map.of("deploymentStatus", states));
        }
        return Map.of("deploymentStatus", applications);
    }

    /** A short id that matches two different commits names neither. */
    private static void checkUnambiguous(String commit, List<Release> matching) {
        TreeSet<String> ids = matching.stream()
                .map(release -> release.sourceCommitId().orElseThrow())
                .collect(Collectors.toCollection(TreeSet::new));
        for (String a : ids) {
            for (String b : ids) {
                if (!a.startsWith(b) && !b.startsWith(a)) {
                    throw new TrebuchetException(
                            ErrorCode.INVALID_REQUEST,
                            "commit %s is ambiguous: it matches %s; give more characters"
                                    .formatted(commit, String.join(", ", ids)),
                            Map.of("parameter", "commit", "matches", List.copyOf(ids)));
                }
            }
        }
    }
}
