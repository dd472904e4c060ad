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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private KuberpultLayout() {}

    static KuberpultImport read(SortedMap<String, String> files) {
        List<String> warnings = new ArrayList<>();
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
                readPlacement(placement, path, text, placements, warnings);
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
                    release.displayVersion.filter(display -> !display.isEmpty() && display.length() <= 15)));
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
            Optional<KuberpultImport.Release> release = findRelease(imported, placement, found);
            if (release.isPresent()) {
                deployments.add(new KuberpultImport.Deployment(
                        placement.application(),
                        placement.environment(),
                        release.get().version(),
                        actor(found)));
            } else if (found.manifest.isPresent()) {
                Optional<Version> named = found.version.filter(version -> imported.stream()
                        .noneMatch(existing -> existing.application().equals(placement.application())
                                && existing.version().equals(version)));
                unreleased
                        .computeIfAbsent(placement.application(), ignored -> new TreeMap<>(OPTIONAL_VERSIONS))
                        .computeIfAbsent(named, ignored -> new TreeMap<>())
                        .put(placement.environment(), new Unreleased(found.manifest.get(), actor(found)));
            } else {
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
            for (Map.Entry<Optional<Version>, SortedMap<EnvName, Unreleased>> entry : byVersion.entrySet()) {
                Version version = entry.getKey().orElse(new Version(next));
                next = Math.max(next, version.value() + 1);
                SortedMap<EnvName, String> manifests = new TreeMap<>();
                entry.getValue().forEach((environment, running) -> {
                    manifests.put(environment, running.manifest());
                    deployments.add(
                            new KuberpultImport.Deployment(application, environment, version, running.deployedBy()));
                });
                imported.add(KuberpultImport.Release.of(application, version, manifests));
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
        return new KuberpultImport(environments, teams, imported, deployments, warnings);
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
            List<String> warnings) {
        Optional<EnvName> environment = name(matcher.group(1), EnvName::of, path, warnings);
        Optional<AppName> application = name(matcher.group(2), AppName::of, path, warnings);
        if (environment.isEmpty() || application.isEmpty()) {
            return;
        }
        PlacementFiles placement = placements.computeIfAbsent(
                new Placement(application.get(), environment.get()), ignored -> new PlacementFiles());
        switch (matcher.group(3)) {
            case "manifests/manifests.yaml" -> placement.manifest = Optional.of(text);
            case "version" -> placement.version = versionOfLink(text.strip());
            case "deployed_by" -> placement.deployedBy = Optional.of(text.strip());
            case "deployed_by_email" -> placement.deployedByEmail = Optional.of(text.strip());
            default -> {}
        }
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
            default -> {}
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

    private static Optional<Actor> actor(PlacementFiles found) {
        if (found.deployedBy.isEmpty() && found.deployedByEmail.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Actor(
                    found.deployedBy.orElse(found.deployedByEmail.orElseThrow()),
                    found.deployedByEmail.orElse(Actor.ANONYMOUS.email())));
        } catch (TrebuchetException e) {
            return Optional.empty();
        }
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

    private record Unreleased(String manifest, Optional<Actor> deployedBy) {}

    private static final class ReleaseFiles {
        final SortedMap<EnvName, String> manifests = new TreeMap<>();
        Optional<String> sourceCommitId = Optional.empty();
        Optional<String> sourceAuthor = Optional.empty();
        Optional<String> sourceMessage = Optional.empty();
        Optional<String> displayVersion = Optional.empty();
    }

    private static final class PlacementFiles {
        Optional<String> manifest = Optional.empty();
        Optional<Version> version = Optional.empty();
        Optional<String> deployedBy = Optional.empty();
        Optional<String> deployedByEmail = Optional.empty();
    }
}
