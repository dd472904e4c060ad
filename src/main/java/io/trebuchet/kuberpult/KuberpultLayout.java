package io.trebuchet.kuberpult;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import io.trebuchet.core.Yaml;
import io.trebuchet.environment.EnvironmentConfig;
import io.trebuchet.gitexport.KuberpultAnnotations;
import io.trebuchet.gitexport.Placement;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads the files of a Kuberpult manifest repository into a {@link KuberpultImport}: a pure function of the files
 * (path to text; a symbolic link's text is its target).
 *
 * <p>Both layouts are read. Legacy: {@code applications/<app>/team}, {@code
 * applications/<app>/releases/<version>/{environments/<env>/manifests.yaml, source_commit_id, source_author,
 * source_message, display_version}}, and per environment {@code environments/<env>/applications/<app>/version} (a link
 * to the release) with {@code deployed_by} and {@code deployed_by_email}. Current (export service): only {@code
 * environments/<env>/config.json}, {@code environments/<env>/applications/<app>/manifests/manifests.yaml} and the Argo
 * CD files, whose applications carry the team. A deployment whose release is missing becomes a release made up of
 * what runs, under the version the repository names or the next free one.
 */
final class KuberpultLayout {
    private static final Pattern CONFIG = Pattern.compile("environments/([^/]+)/config\\.json");
    private static final Pattern TEAM = Pattern.compile("applications/([^/]+)/team");
    private static final Pattern RELEASE_FILE = Pattern.compile("applications/([^/]+)/releases/([^/]+)/(.+)");
    private static final Pattern RELEASE_MANIFEST = Pattern.compile("environments/([^/]+)/manifests\\.yaml");
    private static final Pattern PLACEMENT_FILE = Pattern.compile("environments/([^/]+)/applications/([^/]+)/(.+)");
    private static final Pattern ARGOCD_FILE = Pattern.compile("argocd/v1alpha1/[^/]+\\.yaml");
    private static final Pattern VERSION_DIRECTORY = Pattern.compile("(\\d{1,18})(?:\\.(\\d{1,9}))?");
    private static final Pattern VERSION_LINK = Pattern.compile(".*/releases/([^/]+)/?");
    private static final Pattern ENVIRONMENT_LOCK = Pattern.compile("environments/([^/]+)/locks/([^/]+)(?:/([^/]+))?");
    private static final Pattern TEAM_LOCK =
            Pattern.compile("environments/([^/]+)/teams/([^/]+)/locks/([^/]+)(?:/([^/]+))?");
    private static final Pattern APPLICATION_LOCK = Pattern.compile("locks/([^/]+)(?:/([^/]+))?");
    private static final Pattern BRACKET = Pattern.compile("environments/[^/]+/brackets/.+");
    private static final Pattern EMPTY_MARKER = Pattern.compile("(?:.*/)?\\.(?:gitkeep|empty)");
    // Go's time.Time.String() of a UTC time, which Kuberpult writes to deployed_at_utc.
    private static final Pattern GO_UTC_TIME =
            Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?) \\+0000 UTC");

    private KuberpultLayout() {}

    static KuberpultImport read(SortedMap<String, String> files) {
        return read(files, Map.of());
    }

    /**
     * Reads {@code files}; {@code history} holds, for paths Kuberpult wrote no author or time for, who changed the
     * path last and when (from git), which is the best record of when a deployment or lock happened.
     */
    static KuberpultImport read(SortedMap<String, String> files, Map<String, KuberpultImport.Change> history) {
        List<String> warnings = new ArrayList<>();
        Map<LockKey, LockFiles> lockFiles = new TreeMap<>();
        SortedMap<EnvName, EnvironmentConfig> environments = new TreeMap<>();
        SortedMap<AppName, Optional<TeamName>> teams = new TreeMap<>();
        Map<AppName, SortedMap<Version, ReleaseFiles>> releases = new TreeMap<>();
        Map<Placement, PlacementFiles> placements = new TreeMap<>();

        files.forEach((path, text) -> {
            Matcher config = CONFIG.matcher(path);
            Matcher team = TEAM.matcher(path);
            Matcher release = RELEASE_FILE.matcher(path);
            Matcher placement = PLACEMENT_FILE.matcher(path);
            if (config.matches()) {
                name(config.group(1), EnvName::of, path, warnings)
                        .ifPresent(environment -> environments.put(environment, parseConfig(path, text)));
            } else if (team.matches()) {
                Optional<AppName> application = name(team.group(1), AppName::of, path, warnings);
                Optional<TeamName> teamName = name(text.strip(), TeamName::of, path, warnings);
                application.ifPresent(name -> teams.put(name, teamName));
            } else if (release.matches()) {
                readRelease(release, path, text, releases, warnings);
            } else if (placement.matches()) {
                readPlacement(placement, path, text, placements, lockFiles, warnings);
            } else if (!readLock(path, text, lockFiles, warnings)) {
                unknown(path, warnings);
            }
        });
        files.forEach((path, text) -> {
            if (ARGOCD_FILE.matcher(path).matches()) {
                teamsOfApplications(path, text, teams, warnings);
            }
        });

        List<KuberpultImport.Release> imported = new ArrayList<>();
        releases.forEach((application, versions) -> versions.forEach((version, release) -> {
            SortedMap<EnvName, String> manifests = new TreeMap<>();
            release.manifests.forEach((environment, manifest) -> {
                if (environments.containsKey(environment)) {
                    manifests.put(environment, manifest);
                } else {
                    warnings.add("release %s of %s: left out the manifest for environment %s, which does not exist"
                            .formatted(version, application, environment));
                }
            });
            if (release.undeploy) {
                warnings.add("release %s of %s: left out, it is an undeploy version; use trebuchet's undeploy instead"
                        .formatted(version, application));
                return;
            }
            if (manifests.isEmpty()) {
                warnings.add("release %s of %s: left out, it has no manifest for an existing environment"
                        .formatted(version, application));
                return;
            }
            imported.add(new KuberpultImport.Release(
                    application,
                    version,
                    manifests,
                    release.sourceCommitId.filter(commit -> commit.matches("[0-9a-fA-F]{7,40}")),
                    release.sourceAuthor.filter(author -> author.length() <= 1024),
                    release.sourceMessage.filter(message -> message.length() <= 65_536),
                    release.displayVersion.filter(display -> !display.isEmpty() && display.length() <= 15),
                    release.createdAt
                            .flatMap(text -> time(
                                    text,
                                    "applications/%s/releases/%s/created_at".formatted(application, version),
                                    warnings))
                            .or(() -> changeOf(history, release.paths).at())));
        }));

        List<KuberpultImport.Deployment> deployments = new ArrayList<>();
        // Deployments whose release is not in the repository, by application and the version the repository names.
        Map<AppName, SortedMap<Optional<Version>, SortedMap<EnvName, Unreleased>>> unreleased = new TreeMap<>();
        placements.forEach((placement, found) -> {
            if (!environments.containsKey(placement.environment())) {
                warnings.add("%s in %s: left out, the environment has no config.json"
                        .formatted(placement.application(), placement.environment()));
                return;
            }
            found.linked = found.version.isPresent();
            if (found.version.isEmpty()) {
                found.version = deployedVersion(history, placement);
            }
            if (found.manifest.filter(String::isBlank).isPresent()) {
                warnings.add("%s in %s: left out, it is undeployed there (its manifest is empty)"
                        .formatted(placement.application(), placement.environment()));
                return;
            }
            Optional<KuberpultImport.Release> release = findRelease(imported, placement, found);
            if (release.isPresent()) {
                deployments.add(new KuberpultImport.Deployment(
                        placement.application(),
                        placement.environment(),
                        release.get().version(),
                        deployed(found, history, placement, warnings)));
            } else if (found.manifest.isPresent()) {
                Optional<Version> named = found.version.filter(version -> imported.stream()
                        .noneMatch(existing -> existing.application().equals(placement.application())
                                && existing.version().equals(version)));
                unreleased
                        .computeIfAbsent(placement.application(), ignored -> new TreeMap<>(OPTIONAL_VERSIONS))
                        .computeIfAbsent(named, ignored -> new TreeMap<>())
                        .put(
                                placement.environment(),
                                new Unreleased(
                                        found.manifest.get(),
                                        deployed(found, history, placement, warnings),
                                        found.linked));
            } else if (found.version.isPresent() || found.manifest.isPresent()) {
                warnings.add("%s in %s: left out, neither its manifest nor its release is in the repository"
                        .formatted(placement.application(), placement.environment()));
            }
        });
        // What runs without a release becomes a release: under the version the repository named, or the next free one.
        unreleased.forEach((application, byVersion) -> {
            long next = imported.stream()
                            .filter(release -> release.application().equals(application))
                            .mapToLong(release -> release.version().value())
                            .max()
                            .orElse(0)
                    + 1;
            // Where nothing names the version, each environment gets its own, oldest deployment first: environments
            // that run different manifests must not look as if they ran the same release.
            List<Map.Entry<Optional<Version>, SortedMap<EnvName, Unreleased>>> groups = new ArrayList<>();
            byVersion.forEach((named, running) -> {
                if (named.isPresent()) {
                    groups.add(Map.entry(named, running));
                } else {
                    running.entrySet().stream()
                            .sorted(Comparator.comparing((Map.Entry<EnvName, Unreleased> one) ->
                                            one.getValue().deployed().at().orElse(Instant.MAX))
                                    .thenComparing(Map.Entry::getKey))
                            .forEach(one -> groups.add(
                                    Map.entry(Optional.empty(), new TreeMap<>(Map.of(one.getKey(), one.getValue())))));
                }
            });
            for (Map.Entry<Optional<Version>, SortedMap<EnvName, Unreleased>> entry : groups) {
                Version version = entry.getKey().orElse(new Version(next));
                next = Math.max(next, version.value() + 1);
                SortedMap<EnvName, String> manifests = new TreeMap<>();
                Optional<Instant> earliest = Optional.empty();
                boolean linked = false;
                for (Map.Entry<EnvName, Unreleased> running : entry.getValue().entrySet()) {
                    linked |= running.getValue().linked();
                    manifests.put(running.getKey(), running.getValue().manifest());
                    deployments.add(new KuberpultImport.Deployment(
                            application,
                            running.getKey(),
                            version,
                            running.getValue().deployed()));
                    Optional<Instant> at = running.getValue().deployed().at();
                    if (at.isPresent() && (earliest.isEmpty() || at.get().isBefore(earliest.get()))) {
                        earliest = at;
                    }
                }
                if (linked) {
                    warnings.add(("release %s of %s: its directory is not in the repository; imported what runs in %s"
                                    + " as that release")
                            .formatted(version, application, String.join(", ", names(manifests.keySet()))));
                }
                imported.add(KuberpultImport.Release.of(application, version, manifests, earliest));
            }
        });
        for (AppName application :
                placements.keySet().stream().map(Placement::application).toList()) {
            teams.putIfAbsent(application, Optional.empty());
        }
        for (KuberpultImport.Release release : imported) {
            teams.putIfAbsent(release.application(), Optional.empty());
        }
        imported.sort(Comparator.comparing(KuberpultImport.Release::application)
                .thenComparing(KuberpultImport.Release::version));
        deployments.sort(Comparator.comparing(KuberpultImport.Deployment::application)
                .thenComparing(KuberpultImport.Deployment::environment));
        List<KuberpultImport.Queued> queued = queued(placements, imported, environments, history, warnings);
        Set<AppName> released =
                imported.stream().map(KuberpultImport.Release::application).collect(Collectors.toSet());
        List<KuberpultImport.Lock> locks = locks(lockFiles, environments, released, history, warnings);
        return new KuberpultImport(environments, teams, imported, deployments, locks, queued, warnings);
    }

    private static EnvironmentConfig parseConfig(String path, String text) {
        try {
            return EnvironmentConfig.parse(text);
        } catch (TrebuchetException e) {
            throw new TrebuchetException(e.code(), path + ": " + e.getMessage(), e.details());
        }
    }

    private static void readPlacement(
            Matcher matcher,
            String path,
            String text,
            Map<Placement, PlacementFiles> placements,
            Map<LockKey, LockFiles> locks,
            List<String> warnings) {
        Optional<EnvName> environment = name(matcher.group(1), EnvName::of, path, warnings);
        Optional<AppName> application = name(matcher.group(2), AppName::of, path, warnings);
        if (environment.isEmpty() || application.isEmpty()) {
            return;
        }
        Matcher lock = APPLICATION_LOCK.matcher(matcher.group(3));
        if (lock.matches()) {
            lockFile(
                    new LockKey(
                            KuberpultImport.LockKind.APPLICATION,
                            matcher.group(1),
                            matcher.group(2),
                            lock.group(1),
                            path.substring(
                                    0,
                                    path.length()
                                            - (lock.group(2) == null
                                                    ? 0
                                                    : lock.group(2).length() + 1))),
                    Optional.ofNullable(lock.group(2)),
                    path,
                    text,
                    locks,
                    warnings);
            return;
        }
        PlacementFiles placement = placements.computeIfAbsent(
                new Placement(application.get(), environment.get()), ignored -> new PlacementFiles());
        switch (matcher.group(3)) {
            case "manifests/manifests.yaml" -> placement.manifest = Optional.of(text);
            case "version" -> placement.version = versionOfLink(text.strip());
            case "deployed_by" -> placement.deployedBy = Optional.of(text.strip());
            case "deployed_by_email" -> placement.deployedByEmail = Optional.of(text.strip());
            case "deployed_at_utc" -> placement.deployedAt = Optional.of(text.strip());
            case "queued_version" -> placement.queued = Optional.of(text.strip());
            default -> unknown(path, warnings);
        }
        placement.paths.add(path);
    }

    private static final Comparator<Optional<Version>> OPTIONAL_VERSIONS =
            Comparator.comparing(version -> version.map(Version::value).orElse(Long.MAX_VALUE));

    private static void readRelease(
            Matcher matcher,
            String path,
            String text,
            Map<AppName, SortedMap<Version, ReleaseFiles>> releases,
            List<String> warnings) {
        Optional<AppName> application = name(matcher.group(1), AppName::of, path, warnings);
        Matcher version = VERSION_DIRECTORY.matcher(matcher.group(2));
        if (application.isEmpty()) {
            return;
        }
        if (!version.matches() || Long.parseLong(version.group(1)) == 0) {
            warnings.add(path + ": left out, " + matcher.group(2) + " is not a release version");
            return;
        }
        if (version.group(2) != null && Long.parseLong(version.group(2)) != 0) {
            warnings.add(path + ": left out, Trebuchet has no release revisions");
            return;
        }
        ReleaseFiles release = releases.computeIfAbsent(application.get(), ignored -> new TreeMap<>())
                .computeIfAbsent(new Version(Long.parseLong(version.group(1))), ignored -> new ReleaseFiles());
        String file = matcher.group(3);
        release.paths.add(path);
        Matcher manifest = RELEASE_MANIFEST.matcher(file);
        if (manifest.matches()) {
            name(manifest.group(1), EnvName::of, path, warnings)
                    .ifPresent(environment -> release.manifests.put(environment, text));
            return;
        }
        Optional<String> value = Optional.of(text.strip()).filter(stripped -> !stripped.isEmpty());
        switch (file) {
            case "source_commit_id" -> release.sourceCommitId = value;
            case "source_author" -> release.sourceAuthor = value;
            case "source_message" -> release.sourceMessage = value;
            case "display_version" -> release.displayVersion = value;
            case "created_at" -> release.createdAt = value;
            case "undeploy" -> release.undeploy = true;
            default -> unknown(path, warnings);
        }
    }

    private static Optional<KuberpultImport.Release> findRelease(
            List<KuberpultImport.Release> releases, Placement placement, PlacementFiles found) {
        List<KuberpultImport.Release> candidates = releases.stream()
                .filter(release -> release.application().equals(placement.application())
                        && release.manifests().containsKey(placement.environment()))
                .toList();
        if (found.version.isPresent()) {
            Optional<KuberpultImport.Release> named = candidates.stream()
                    .filter(release -> release.version().equals(found.version.get()))
                    .findFirst();
            if (named.isPresent()) {
                return named;
            }
        }
        if (found.manifest.isEmpty()) {
            return Optional.empty();
        }
        // The newest release whose manifest is what runs.
        return candidates.reversed().stream()
                .filter(release -> release.manifests()
                        .get(placement.environment())
                        .strip()
                        .equals(found.manifest.get().strip()))
                .findFirst();
    }

    private static Optional<Actor> actor(Optional<String> name, Optional<String> email) {
        if (name.isEmpty() && email.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Actor(name.orElse(email.orElseThrow()), email.orElse(Actor.ANONYMOUS.email())));
        } catch (TrebuchetException e) {
            return Optional.empty();
        }
    }

    /** Who deployed and when: Kuberpult's own files, else the commit that last changed the deployment's files. */
    private static KuberpultImport.Change deployed(
            PlacementFiles found,
            Map<String, KuberpultImport.Change> history,
            Placement placement,
            List<String> warnings) {
        String directory =
                "environments/%s/applications/%s/".formatted(placement.environment(), placement.application());
        KuberpultImport.Change written = new KuberpultImport.Change(
                actor(found.deployedBy, found.deployedByEmail),
                found.deployedAt.flatMap(text -> time(text, directory + "deployed_at_utc", warnings)));
        return written.or(changeOf(
                history,
                List.of(directory + "version", directory + "manifests/manifests.yaml", directory + "deployed_by")));
    }

    /**
     * The version the commit that last wrote a deployment's manifest says it deployed: Kuberpult's export service
     * writes no version link, but commits {@code deployed version 3.0 of "cart" to "dev"}.
     */
    private static Optional<Version> deployedVersion(Map<String, KuberpultImport.Change> history, Placement placement) {
        KuberpultImport.Change change = history.get("environments/%s/applications/%s/manifests/manifests.yaml"
                .formatted(placement.environment(), placement.application()));
        if (change == null || change.commitMessage().isEmpty()) {
            return Optional.empty();
        }
        Matcher deployed = Pattern.compile("deployed version (\\d{1,18})(?:\\.(\\d{1,9}))? of \"%s\" to \"%s\""
                        .formatted(
                                Pattern.quote(placement.application().value()),
                                Pattern.quote(placement.environment().value())))
                .matcher(change.commitMessage().get());
        Optional<Version> version = Optional.empty();
        while (deployed.find()) {
            long number = Long.parseLong(deployed.group(1));
            boolean revision = deployed.group(2) != null && Long.parseLong(deployed.group(2)) != 0;
            version = number > 0 && !revision ? Optional.of(new Version(number)) : Optional.empty();
        }
        return version;
    }

    /** The newest change among {@code paths} that history knows. */
    private static KuberpultImport.Change changeOf(Map<String, KuberpultImport.Change> history, List<String> paths) {
        return paths.stream()
                .map(history::get)
                .filter(change -> change != null && change.at().isPresent())
                .max(Comparator.comparing(change -> change.at().orElseThrow()))
                .orElse(KuberpultImport.Change.UNKNOWN);
    }

    /** Kuberpult writes RFC 3339 ({@code created_at}) and Go's {@code Time.String()} ({@code deployed_at_utc}). */
    static Optional<Instant> time(String text, String path, List<String> warnings) {
        String stripped = text.strip();
        Matcher go = GO_UTC_TIME.matcher(stripped);
        try {
            if (go.matches()) {
                return Optional.of(Instant.parse(go.group(1) + "T" + go.group(2) + "Z"));
            }
            return Optional.of(OffsetDateTime.parse(stripped).toInstant());
        } catch (DateTimeParseException e) {
            warnings.add("%s: time '%s' not understood, the time of the git commit is used instead"
                    .formatted(path, stripped.length() > 64 ? stripped.substring(0, 64) + "..." : stripped));
            return Optional.empty();
        }
    }

    private static void unknown(String path, List<String> warnings) {
        if (EMPTY_MARKER.matcher(path).matches() || ARGOCD_FILE.matcher(path).matches()) {
            return;
        }
        if (BRACKET.matcher(path).matches()) {
            warnings.add(
                    path + ": not imported, an Argo CD bracket file; Trebuchet writes its own Argo CD applications");
            return;
        }
        warnings.add(path + ": not imported, Trebuchet does not know this file");
    }

    private static List<String> names(Iterable<?> values) {
        List<String> names = new ArrayList<>();
        values.forEach(value -> names.add(value.toString()));
        return names;
    }

    /** Reads an environment or team lock file; false when {@code path} is neither. */
    private static boolean readLock(String path, String text, Map<LockKey, LockFiles> locks, List<String> warnings) {
        Matcher environment = ENVIRONMENT_LOCK.matcher(path);
        Matcher team = TEAM_LOCK.matcher(path);
        if (environment.matches()) {
            String field = environment.group(3);
            lockFile(
                    new LockKey(
                            KuberpultImport.LockKind.ENVIRONMENT,
                            environment.group(1),
                            "",
                            environment.group(2),
                            field == null ? path : path.substring(0, path.length() - field.length() - 1)),
                    Optional.ofNullable(field),
                    path,
                    text,
                    locks,
                    warnings);
            return true;
        }
        if (team.matches()) {
            String field = team.group(4);
            lockFile(
                    new LockKey(
                            KuberpultImport.LockKind.TEAM,
                            team.group(1),
                            team.group(2),
                            team.group(3),
                            field == null ? path : path.substring(0, path.length() - field.length() - 1)),
                    Optional.ofNullable(field),
                    path,
                    text,
                    locks,
                    warnings);
            return true;
        }
        return false;
    }

    /**
     * One file of a lock: Kuberpult before its metadata migration wrote the lock as a file holding the message, later
     * as a directory of {@code message}, {@code created_by_name}, {@code created_by_email} and {@code created_at}.
     */
    private static void lockFile(
            LockKey key,
            Optional<String> field,
            String path,
            String text,
            Map<LockKey, LockFiles> locks,
            List<String> warnings) {
        LockFiles lock = locks.computeIfAbsent(key, ignored -> new LockFiles());
        lock.paths.add(path);
        String value = text.strip();
        switch (field.orElse("message")) {
            case "message" -> lock.message = Optional.of(value);
            case "created_by_name" -> lock.createdByName = Optional.of(value).filter(name -> !name.isEmpty());
            case "created_by_email" -> lock.createdByEmail = Optional.of(value).filter(email -> !email.isEmpty());
            case "created_at" -> lock.createdAt = Optional.of(value);
            default -> unknown(path, warnings);
        }
    }

    private static List<KuberpultImport.Lock> locks(
            Map<LockKey, LockFiles> found,
            SortedMap<EnvName, EnvironmentConfig> environments,
            Set<AppName> released,
            Map<String, KuberpultImport.Change> history,
            List<String> warnings) {
        List<KuberpultImport.Lock> locks = new ArrayList<>();
        found.forEach((key, files) -> {
            String where = key.directory();
            Optional<EnvName> environment = name(key.environment(), EnvName::of, where, warnings);
            Optional<String> id = name(key.id(), text -> LockId.of(text).value(), where, warnings);
            if (environment.isEmpty() || id.isEmpty()) {
                return;
            }
            if (!environments.containsKey(environment.get())) {
                warnings.add(
                        where + ": lock not imported, environment %s has no config.json".formatted(environment.get()));
                return;
            }
            Optional<String> message = files.message.filter(text -> !text.isBlank());
            if (message.isEmpty()) {
                warnings.add(where + ": lock not imported, it has no message");
                return;
            }
            try {
                LockRequest.of(message.get());
            } catch (TrebuchetException e) {
                warnings.add(where + ": lock not imported, its " + e.getMessage());
                return;
            }
            Optional<AppName> application = Optional.empty();
            Optional<TeamName> team = Optional.empty();
            switch (key.kind()) {
                case ENVIRONMENT -> {}
                case APPLICATION -> {
                    application = name(key.scope(), AppName::of, where, warnings);
                    if (application.isEmpty()) {
                        return;
                    }
                    if (!released.contains(application.get())) {
                        warnings.add(where
                                + ": lock not imported, application %s has no release in the repository"
                                        .formatted(application.get()));
                        return;
                    }
                }
                case TEAM -> {
                    team = name(key.scope(), TeamName::of, where, warnings);
                    if (team.isEmpty()) {
                        return;
                    }
                }
            }
            KuberpultImport.Change written = new KuberpultImport.Change(
                    actor(files.createdByName, files.createdByEmail),
                    files.createdAt.flatMap(text -> time(text, where + "/created_at", warnings)));
            locks.add(new KuberpultImport.Lock(
                    key.kind(),
                    environment.get(),
                    application,
                    team,
                    id.get(),
                    message.get(),
                    written.or(changeOf(history, files.paths))));
        });
        return locks;
    }

    private static List<KuberpultImport.Queued> queued(
            Map<Placement, PlacementFiles> placements,
            List<KuberpultImport.Release> releases,
            SortedMap<EnvName, EnvironmentConfig> environments,
            Map<String, KuberpultImport.Change> history,
            List<String> warnings) {
        List<KuberpultImport.Queued> queued = new ArrayList<>();
        placements.forEach((placement, found) -> {
            if (found.queued.isEmpty()) {
                return;
            }
            String path = "environments/%s/applications/%s/queued_version"
                    .formatted(placement.environment(), placement.application());
            Optional<Version> version = versionOfLink(found.queued.get());
            if (version.isEmpty()) {
                warnings.add(path + ": not imported, it does not link to a release");
                return;
            }
            boolean released = releases.stream()
                    .anyMatch(release -> release.application().equals(placement.application())
                            && release.version().equals(version.get())
                            && release.manifests().containsKey(placement.environment()));
            if (!environments.containsKey(placement.environment()) || !released) {
                warnings.add(path
                        + ": not imported, release %s of %s for %s is not in the repository"
                                .formatted(version.get(), placement.application(), placement.environment()));
                return;
            }
            queued.add(new KuberpultImport.Queued(
                    placement.application(), placement.environment(), version.get(), changeOf(history, List.of(path))));
        });
        return queued;
    }

    private static Optional<Version> versionOfLink(String target) {
        Matcher link = VERSION_LINK.matcher(target);
        String last = link.matches() ? link.group(1) : target;
        Matcher version = VERSION_DIRECTORY.matcher(last);
        if (!version.matches() || Long.parseLong(version.group(1)) == 0) {
            return Optional.empty();
        }
        return Optional.of(new Version(Long.parseLong(version.group(1))));
    }

    @SuppressWarnings("unchecked") // YAML mappings load as maps
    private static void teamsOfApplications(
            String path, String text, SortedMap<AppName, Optional<TeamName>> teams, List<String> warnings) {
        LoadSettings settings = Yaml.settings(path).build();
        try {
            for (Object document : Yaml.load(text, settings, path)) {
                if (!(document instanceof Map<?, ?> object) || !"Application".equals(object.get("kind"))) {
                    continue;
                }
                Object metadata = object.get("metadata");
                if (!(metadata instanceof Map<?, ?> meta) || !(meta.get("annotations") instanceof Map<?, ?> notes)) {
                    continue;
                }
                Map<String, Object> annotations = (Map<String, Object>) notes;
                Object application = annotations.get(KuberpultAnnotations.APPLICATION);
                // Kuberpult v13.46 and later write "teams", older ones "team".
                Object team = annotations.containsKey(KuberpultAnnotations.TEAMS)
                        ? annotations.get(KuberpultAnnotations.TEAMS)
                        : annotations.get(KuberpultAnnotations.TEAM);
                if (application instanceof String name && team instanceof String teamName && !teamName.isBlank()) {
                    Optional<AppName> app = name(name, AppName::of, path, warnings);
                    Optional<TeamName> parsed = name(teamName, TeamName::of, path, warnings);
                    if (app.isPresent() && parsed.isPresent()) {
                        teams.merge(app.get(), parsed, (existing, found) -> existing.isPresent() ? existing : found);
                    }
                }
            }
        } catch (YamlEngineException e) {
            warnings.add(path + ": not read, it is not valid YAML");
        } catch (TrebuchetException e) {
            if (e.code() != ErrorCode.DOCUMENT_TOO_COMPLEX) {
                throw e;
            }
            warnings.add(path + ": not read, " + e.getMessage());
        }
    }

    private static <T> Optional<T> name(
            String text, java.util.function.Function<String, T> parse, String path, List<String> warnings) {
        try {
            return Optional.of(parse.apply(text));
        } catch (TrebuchetException e) {
            if (e.code() == ErrorCode.INTERNAL_ERROR) {
                throw e;
            }
            warnings.add(path + ": left out, " + e.getMessage());
            return Optional.empty();
        }
    }

    /** What runs without its release; {@code linked} when a version link names the missing release. */
    private record Unreleased(String manifest, KuberpultImport.Change deployed, boolean linked) {}

    /** A lock's place: kind, environment, application or team (empty for an environment lock), id, directory. */
    private record LockKey(KuberpultImport.LockKind kind, String environment, String scope, String id, String directory)
            implements Comparable<LockKey> {
        @Override
        public int compareTo(LockKey other) {
            return directory.compareTo(other.directory);
        }
    }

    private static final class LockFiles {
        Optional<String> message = Optional.empty();
        Optional<String> createdByName = Optional.empty();
        Optional<String> createdByEmail = Optional.empty();
        Optional<String> createdAt = Optional.empty();
        final List<String> paths = new ArrayList<>();
    }

    private static final class ReleaseFiles {
        final SortedMap<EnvName, String> manifests = new TreeMap<>();
        Optional<String> sourceCommitId = Optional.empty();
        Optional<String> sourceAuthor = Optional.empty();
        Optional<String> sourceMessage = Optional.empty();
        Optional<String> displayVersion = Optional.empty();
        Optional<String> createdAt = Optional.empty();
        boolean undeploy;
        final List<String> paths = new ArrayList<>();
    }

    private static final class PlacementFiles {
        Optional<String> manifest = Optional.empty();
        Optional<Version> version = Optional.empty();
        Optional<String> deployedBy = Optional.empty();
        Optional<String> deployedByEmail = Optional.empty();
        Optional<String> deployedAt = Optional.empty();
        Optional<String> queued = Optional.empty();
        boolean linked;
        final List<String> paths = new ArrayList<>();
    }
}
