package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.environment.EnvironmentConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporter's side of the manifest repository: a bare clone of its own under the work directory, where commits are
 * written with object writes (no working tree), and the remote it fetches from and pushes to without ever forcing.
 */
final class ManifestRepository implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ManifestRepository.class);
    static final String EVENT_TRAILER = "Trebuchet-Event";
    static final String EVENT_DIGEST_TRAILER = "Trebuchet-Event-Digest";
    static final String RENDER_TRAILER = "Trebuchet-Render";
    private static final int TIMEOUT_SECONDS = 30;
    private static final int MAX_CURSOR_SEARCH = 10_000;

    private final ExportSettings settings;
    private final Repository repository;
    private final String localRef;
    private final String remoteRef;
    private final Optional<CredentialsProvider> credentials;
    private final Optional<SshdSessionFactory> sshSessions;

    private ManifestRepository(ExportSettings settings, Repository repository) {
        this.settings = settings;
        this.repository = repository;
        this.localRef = Constants.R_HEADS + settings.remote().branch();
        this.remoteRef = Constants.R_REMOTES + "origin/" + settings.remote().branch();
        RemoteCredentials remote = settings.remote().credentials();
        this.credentials = remote.password()
                .map(password -> new UsernamePasswordCredentialsProvider(
                        remote.username().orElse(RemoteCredentials.TOKEN_USERNAME), password));
        this.sshSessions = remote.sshKey().map(key -> sshSessions(settings, key, remote.knownHosts()));
    }

    /**
     * Opens the exporter's clone, creating it (and the remote, for the embedded default) when missing. The clone's
     * directory is named after the remote, so that pointing the export elsewhere starts from that remote alone.
     */
    static ManifestRepository open(ExportSettings settings) {
        requireNonNull(settings, "settings is null");
        try {
            if (settings.remote().createLocalRepository()) {
                Path remote = settings.remote()
                        .localPath()
                        .orElseThrow(() -> new IllegalArgumentException("only a local repository can be created"));
                if (!Files.exists(remote.resolve("HEAD"))) {
                    try (Repository created = initBare(remote, settings.remote().branch())) {
                        housekeepInline(created);
                    }
                } else {
                    removeStaleLocks(remote);
                }
            }
            Path clone =
                    settings.workDirectory().resolve(cloneName(settings.remote().redacted()));
            if (Files.exists(clone.resolve("HEAD"))) {
                removeStaleLocks(clone);
            }
            Repository repository = Files.exists(clone.resolve("HEAD"))
                    ? new FileRepositoryBuilder()
                            .setGitDir(clone.toFile())
                            .setMustExist(true)
                            .build()
                    : initBare(clone, settings.remote().branch());
            housekeepInline(repository);
            return new ManifestRepository(settings, repository);
        } catch (IOException | GitAPIException e) {
            throw new TrebuchetException(
                    ErrorCode.INTERNAL_ERROR,
                    "cannot open the exporter's repository in %s: %s"
                            .formatted(settings.workDirectory(), e.getMessage()),
                    e);
        }
    }

    /**
     * Removes the lock files a killed exporter left in a repository only this server writes (its clone, and the local
     * repository it made): git takes {@code <ref>.lock} while it moves a ref and never takes back the lock of a dead
     * process, so every later update of that ref failed with LOCK_FAILURE and the export stopped for good.
     */
    private static void removeStaleLocks(Path gitDirectory) throws IOException {
        List<Path> locks;
        try (Stream<Path> files = Files.walk(gitDirectory)) {
            locks = files.filter(path -> !path.startsWith(gitDirectory.resolve("objects")))
                    .filter(path -> path.getFileName().toString().endsWith(".lock"))
                    .filter(Files::isRegularFile)
                    .toList();
        }
        for (Path lock : locks) {
            log.warn("Removing {}, left by an exporter that did not finish (the process was killed)", lock);
            Files.deleteIfExists(lock);
        }
    }

    private static Repository initBare(Path directory, String branch) throws IOException, GitAPIException {
        Files.createDirectories(directory);
        // The repository outlives this Git; closing the Git would close it.
        @SuppressWarnings("resource")
        Git git = Git.init()
                .setBare(true)
                .setDirectory(directory.toFile())
                .setInitialBranch(branch)
                .call();
        return git.getRepository();
    }

    /**
     * Makes JGit's automatic garbage collection (after a push into a local repository, or when asked) run inside the
     * call instead of on a background thread that would outlive the exporter.
     */
    private static void housekeepInline(Repository repository) throws IOException {
        StoredConfig config = repository.getConfig();
        if (config.getBoolean(ConfigConstants.CONFIG_GC_SECTION, ConfigConstants.CONFIG_KEY_AUTODETACH, true)) {
            config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
            config.save();
        }
    }

    /** Packs the clone's loose objects once there are many (every commit writes a few). */
    void housekeeping() {
        repository.autoGC(NullProgressMonitor.INSTANCE);
    }

    private static String cloneName(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return "clone-" + HexFormat.of().formatHex(digest, 0, 6) + ".git";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static SshdSessionFactory sshSessions(ExportSettings settings, Path key, Optional<Path> knownHosts) {
        File sshDirectory = settings.workDirectory().resolve("ssh").toFile();
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(sshDirectory)
                .setSshDirectory(sshDirectory)
                .setPreferredAuthentications("publickey")
                .setDefaultIdentities(ignored -> List.of(key))
                .setDefaultKnownHostsFiles(ignored -> knownHosts.map(List::of).orElse(List.of()))
                // Ignore ~/.ssh/config: the settings say everything.
                .setConfigStoreFactory((home, config, user) -> null)
                .build(new JGitKeyCache());
    }

    /** The commit the exporter's branch points at. */
    Optional<ObjectId> localHead() {
        return head(localRef);
    }

    /** The remote's branch as of the last fetch. */
    Optional<ObjectId> remoteHead() {
        return head(remoteRef);
    }

    private Optional<ObjectId> head(String ref) {
        try {
            return Optional.ofNullable(repository.exactRef(ref)).map(Ref::getObjectId);
        } catch (IOException e) {
            throw failure("cannot read " + ref, e);
        }
    }

    /**
     * Fetches the remote's branch and returns its commit, empty when the remote has no such branch yet.
     *
     * @throws TrebuchetException with {@link ErrorCode#EXPORT_UNAVAILABLE} when the remote cannot be reached
     */
    Optional<ObjectId> fetch() {
        try (Git git = Git.wrap(repository)) {
            git.fetch()
                    .setRemote(settings.remote().url())
                    .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_REMOTES + "origin/*"))
                    .setRemoveDeletedRefs(true)
                    .setCredentialsProvider(credentials.orElse(null))
                    .setTransportConfigCallback(transportConfig())
                    .setTimeout(TIMEOUT_SECONDS)
                    .call();
            return remoteHead();
        } catch (GitAPIException | RuntimeException e) {
            throw unavailable("cannot fetch from " + settings.remote().redacted(), e);
        }
    }

    /** What a push did. */
    enum PushOutcome {
        PUSHED,
        /** The remote has commits the push does not contain: fetch, build on them, push again. */
        NOT_FAST_FORWARD
    }

    /**
     * Pushes the exporter's branch to the remote, never forcing.
     *
     * @throws TrebuchetException with {@link ErrorCode#EXPORT_UNAVAILABLE} when the remote cannot be reached or
     *     refuses the push for another reason than history
     */
    PushOutcome push() {
        String target = Constants.R_HEADS + settings.remote().branch();
        Iterable<PushResult> results;
        try (Git git = Git.wrap(repository)) {
            results = git.push()
                    .setRemote(settings.remote().url())
                    .setRefSpecs(new RefSpec(localRef + ":" + target))
                    .setCredentialsProvider(credentials.orElse(null))
                    .setTransportConfigCallback(transportConfig())
                    .setTimeout(TIMEOUT_SECONDS)
                    .call();
        } catch (GitAPIException | RuntimeException e) {
            throw unavailable("cannot push to " + settings.remote().redacted(), e);
        }
        for (PushResult result : results) {
            RemoteRefUpdate update = result.getRemoteUpdate(target);
            if (update != null) {
                return outcome(target, update);
            }
        }
        throw new TrebuchetException(
                ErrorCode.EXPORT_UNAVAILABLE,
                "%s did not report on the push of %s"
                        .formatted(settings.remote().redacted(), target));
    }

    private PushOutcome outcome(String target, RemoteRefUpdate update) {
        return switch (update.getStatus()) {
            case OK, UP_TO_DATE -> PushOutcome.PUSHED;
            case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> PushOutcome.NOT_FAST_FORWARD;
            case NOT_ATTEMPTED, AWAITING_REPORT, NON_EXISTING, REJECTED_NODELETE, REJECTED_OTHER_REASON ->
                throw new TrebuchetException(
                        ErrorCode.EXPORT_UNAVAILABLE,
                        "%s refused the push of %s: %s"
                                .formatted(
                                        settings.remote().redacted(),
                                        target,
                                        update.getMessage() == null ? update.getStatus() : update.getMessage()));
        };
    }

    private TransportConfigCallback transportConfig() {
        return transport -> {
            if (transport instanceof SshTransport ssh && sshSessions.isPresent()) {
                ssh.setSshSessionFactory(sshSessions.get());
            }
        };
    }

    /**
     * Writes a commit of {@code changes} on top of {@code parent} (or as the first commit); empty when the changes
     * leave the tree as it is, unless {@code always}.
     */
    Optional<ObjectId> commit(
            Optional<ObjectId> parent,
            TreeChanges changes,
            String message,
            PersonIdent author,
            PersonIdent committer,
            boolean always) {
        try (ObjectInserter inserter = repository.newObjectInserter();
                ObjectReader reader = inserter.newReader();
                RevWalk walk = new RevWalk(reader)) {
            Optional<ObjectId> baseTree = parent.isPresent()
                    ? Optional.of(walk.parseCommit(parent.get()).getTree().getId())
                    : Optional.empty();
            ObjectId tree = TreeEditor.apply(reader, inserter, baseTree, changes);
            if (!always && baseTree.isPresent() && baseTree.get().equals(tree)) {
                return Optional.empty();
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            parent.ifPresent(commit::setParentId);
            commit.setAuthor(author);
            commit.setCommitter(committer);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return Optional.of(id);
        } catch (IOException e) {
            throw failure("cannot write a commit", e);
        }
    }

    /**
     * Moves the exporter's branch from {@code expected} (empty: the branch does not exist) to {@code target}.
     *
     * @throws TrebuchetException with {@link ErrorCode#CONCURRENT_CHANGE} when the branch moved meanwhile
     */
    void moveBranch(Optional<ObjectId> expected, ObjectId target, String reason) {
        try {
            RefUpdate update = repository.updateRef(localRef);
            update.setExpectedOldObjectId(expected.orElse(ObjectId.zeroId()));
            update.setNewObjectId(target);
            update.setRefLogMessage(reason, false);
            update.setForceUpdate(true);
            RefUpdate.Result result = update.update();
            switch (result) {
                case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> {}
                case LOCK_FAILURE, REJECTED, REJECTED_CURRENT_BRANCH, REJECTED_MISSING_OBJECT, REJECTED_OTHER_REASON ->
                    throw new TrebuchetException(
                            ErrorCode.CONCURRENT_CHANGE,
                            "cannot move %s to %s: %s".formatted(localRef, target.name(), result));
                case IO_FAILURE, NOT_ATTEMPTED, RENAMED ->
                    throw new TrebuchetException(
                            ErrorCode.INTERNAL_ERROR,
                            "cannot move %s to %s: %s".formatted(localRef, target.name(), result));
            }
        } catch (IOException e) {
            throw failure("cannot move " + localRef, e);
        }
    }

    /** Whether {@code ancestor} is {@code descendant} or one of its ancestors. */
    boolean isAncestor(ObjectId ancestor, ObjectId descendant) {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(descendant));
        } catch (IOException e) {
            throw failure("cannot compare commits", e);
        }
    }

    /**
     * The newest commit of the export at or below {@code commit}, following first parents past commits that others
     * pushed on top; empty when the history has none.
     */
    Optional<ExportCursor> cursor(ObjectId commit) {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit current = walk.parseCommit(commit);
            for (int steps = 0; steps < MAX_CURSOR_SEARCH; steps++) {
                List<String> events = current.getFooterLines(EVENT_TRAILER);
                if (!events.isEmpty()) {
                    Optional<Long> eventId = parseEventId(events.getLast());
                    if (eventId.isPresent()) {
                        return Optional.of(new ExportCursor(
                                current.copy(),
                                eventId.get(),
                                lastTrailer(current, EVENT_DIGEST_TRAILER),
                                lastTrailer(current, RENDER_TRAILER)));
                    }
                }
                if (current.getParentCount() == 0) {
                    return Optional.empty();
                }
                current = walk.parseCommit(current.getParent(0));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw failure("cannot read the history of " + commit.name(), e);
        }
    }

    private static Optional<String> lastTrailer(RevCommit commit, String key) {
        List<String> values = commit.getFooterLines(key);
        return values.isEmpty()
                ? Optional.empty()
                : Optional.of(values.getLast().trim());
    }

    private static Optional<Long> parseEventId(String text) {
        try {
            long id = Long.parseLong(text.trim());
            return id >= 0 ? Optional.of(id) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The configs of {@code environments} as written in {@code commit}'s tree; absent or unreadable ones are left out. */
    Map<EnvName, EnvironmentConfig> configs(Optional<ObjectId> commit, Set<EnvName> environments) {
        Map<EnvName, EnvironmentConfig> configs = new LinkedHashMap<>();
        if (commit.isEmpty()) {
            return configs;
        }
        for (EnvName environment : environments) {
            readFile(commit.get(), ManifestRenderer.configPath(environment))
                    .flatMap(ManifestRepository::parseConfig)
                    .ifPresent(config -> configs.put(environment, config));
        }
        return configs;
    }

    /** A config the export wrote; anything else names no files to remove. */
    private static Optional<EnvironmentConfig> parseConfig(String text) {
        try {
            return Optional.of(EnvironmentConfig.parse(text));
        } catch (TrebuchetException e) {
            return Optional.empty();
        }
    }

    /** The text of the file at {@code path} in {@code commit}, if there is one. */
    Optional<String> readFile(ObjectId commit, String path) {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit parsed = walk.parseCommit(commit);
            try (TreeWalk tree = TreeWalk.forPath(repository, path, parsed.getTree())) {
                if (tree == null || tree.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
                    return Optional.empty();
                }
                byte[] bytes = repository.open(tree.getObjectId(0)).getBytes();
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw failure("cannot read " + path, e);
        }
    }

    /** Every file in {@code commit}'s tree. */
    SortedSet<String> files(ObjectId commit) {
        try (RevWalk walk = new RevWalk(repository);
                TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(walk.parseCommit(commit).getTree());
            tree.setRecursive(true);
            SortedSet<String> files = new TreeSet<>();
            while (tree.next()) {
                files.add(tree.getPathString());
            }
            return files;
        } catch (IOException e) {
            throw failure("cannot list the files of " + commit.name(), e);
        }
    }

    Repository repository() {
        return repository;
    }

    private static TrebuchetException failure(String message, Exception cause) {
        return new TrebuchetException(ErrorCode.INTERNAL_ERROR, message + ": " + cause.getMessage(), cause);
    }

    private static TrebuchetException unavailable(String message, Exception cause) {
        List<String> messages = new ArrayList<>();
        for (Throwable error = cause; error != null && messages.size() < 8; error = error.getCause()) {
            String text = String.valueOf(error.getMessage());
            if (messages.stream().noneMatch(text::contains)) {
                messages.add(text);
            }
        }
        String reason = String.join(": ", messages);
        return new TrebuchetException(ErrorCode.EXPORT_UNAVAILABLE, message + ": " + reason, cause);
    }

    @Override
    public void close() {
        repository.close();
    }
}
