package io.trebuchet.kuberpult;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.gitexport.ExportSettings;
import io.trebuchet.gitexport.RemoteCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** Reads a Kuberpult manifest repository, local or remote, without a working tree. */
public final class KuberpultRepository {
    private KuberpultRepository() {}

    /**
     * Clones {@code branch} of {@code repository} (a path or URL) into a temporary bare repository, reads what
     * Trebuchet imports from its newest commit, and removes the clone.
     */
    public static KuberpultImport read(String repository, String branch, RemoteCredentials credentials) {
        requireNonNull(repository, "repository is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(credentials, "credentials is null");
        String url = ExportSettings.toUrl(repository);
        Path clone;
        try {
            clone = Files.createTempDirectory("trebuchet-import");
        } catch (IOException e) {
            throw new TrebuchetException(ErrorCode.INTERNAL_ERROR, "cannot create a temporary directory", e);
        }
        try (Git git = Git.cloneRepository()
                .setURI(url)
                .setBare(true)
                .setDirectory(clone.toFile())
                .setBranch(branch)
                .setCredentialsProvider(credentials
                        .password()
                        .map(password -> new UsernamePasswordCredentialsProvider(
                                credentials.username().orElse(RemoteCredentials.TOKEN_USERNAME), password))
                        .orElse(null))
                .call()) {
            SortedMap<String, String> files = files(git.getRepository(), branch, ExportSettings.redact(url));
            return KuberpultLayout.read(files, history(git.getRepository(), branch, files.keySet()));
        } catch (GitAPIException e) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "cannot clone %s: %s".formatted(ExportSettings.redact(url), e.getMessage()),
                    e);
        } finally {
            deleteRecursively(clone);
        }
    }

    private static SortedMap<String, String> files(Repository repository, String branch, String url) {
        try (RevWalk walk = new RevWalk(repository);
                TreeWalk tree = new TreeWalk(repository)) {
            ObjectId head = repository.resolve(Constants.R_HEADS + branch);
            if (head == null) {
                throw new TrebuchetException(ErrorCode.INVALID_REQUEST, "%s has no branch %s".formatted(url, branch));
            }
            tree.addTree(walk.parseCommit(head).getTree());
            tree.setRecursive(true);
            tree.setFilter(PathFilterGroup.createFromStrings("environments", "applications", "argocd"));
            SortedMap<String, String> files = new TreeMap<>();
            while (tree.next()) {
                int type = tree.getFileMode(0).getObjectType();
                if (type == Constants.OBJ_BLOB) {
                    // A symbolic link's blob is its target, which is what the layout reads from version links.
                    byte[] content = repository.open(tree.getObjectId(0)).getBytes();
                    files.put(tree.getPathString(), new String(content, StandardCharsets.UTF_8));
                }
            }
            return files;
        } catch (IOException e) {
            throw new TrebuchetException(
                    ErrorCode.INTERNAL_ERROR, "cannot read %s: %s".formatted(url, e.getMessage()), e);
        }
    }

    /**
     * Who last changed each of {@code paths} and when, walking the branch's history from the newest commit: the record
     * of a deployment or lock for which Kuberpult wrote no author or time (the current layout, and older locks). A path
     * first seen in the oldest commit of a shallow history gets that commit.
     */
    private static Map<String, KuberpultImport.Change> history(
            Repository repository, String branch, Set<String> paths) {
        Map<String, KuberpultImport.Change> found = new HashMap<>();
        Set<String> wanted = new HashSet<>(paths);
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(repository.resolve(Constants.R_HEADS + branch)));
            for (RevCommit commit : walk) {
                if (wanted.isEmpty()) {
                    break;
                }
                try (TreeWalk tree = new TreeWalk(repository)) {
                    tree.setRecursive(true);
                    tree.addTree(commit.getTree());
                    if (commit.getParentCount() > 0) {
                        tree.addTree(walk.parseCommit(commit.getParent(0)).getTree());
                        tree.setFilter(TreeFilter.ANY_DIFF);
                    }
                    KuberpultImport.Change change = change(commit);
                    while (tree.next()) {
                        String path = tree.getPathString();
                        if (wanted.remove(path)) {
                            found.put(path, change);
                        }
                    }
                }
            }
            return found;
        } catch (IOException e) {
            throw new TrebuchetException(
                    ErrorCode.INTERNAL_ERROR, "cannot read the history: %s".formatted(e.getMessage()), e);
        }
    }

    private static KuberpultImport.Change change(RevCommit commit) {
        PersonIdent author = commit.getAuthorIdent();
        Optional<Actor> actor;
        try {
            actor = Optional.of(new Actor(author.getName(), author.getEmailAddress()));
        } catch (TrebuchetException e) {
            actor = Optional.empty();
        }
        return new KuberpultImport.Change(
                actor, Optional.of(author.getWhenAsInstant()), Optional.of(commit.getFullMessage()));
    }

    private static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new TrebuchetException(ErrorCode.INTERNAL_ERROR, "cannot remove the temporary clone " + directory, e);
        }
    }
}
