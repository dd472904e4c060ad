package io.trebuchet.gitexport;

import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;

/**
 * The manifest repository over git's smart HTTP protocol, read only, so that Argo CD or Flux in a cluster can read it
 * from Trebuchet itself: clones and fetches are served (fetches send only what the client lacks), pushes are refused.
 * Only a repository that Trebuchet keeps on its own disk is served (the embedded default); a remote elsewhere is read
 * from where it is.
 */
public final class ManifestRepositoryServlet {
    /** The name of the served repository under the servlet's path: {@code /git/manifests.git}. */
    public static final String NAME = "manifests.git";

    private ManifestRepositoryServlet() {}

    /** The servlet for the repository {@code settings} export to, if it is on this machine's disk. */
    public static Optional<HttpServlet> readOnly(ExportSettings settings) {
        return settings.remote().localPath().map(ManifestRepositoryServlet::servlet);
    }

    private static HttpServlet servlet(Path directory) {
        GitServlet git = new GitServlet();
        git.setRepositoryResolver((request, name) -> open(directory, name));
        git.setReceivePackFactory((request, repository) -> {
            throw new ServiceNotEnabledException(
                    "the manifest repository is read only: Trebuchet writes it from its store; change the state"
                            + " through Trebuchet's API instead");
        });
        return git;
    }

    /**
     * Opens the repository afresh for each request: the export writes it from another thread, and a repository opened
     * per request reads its refs and packs as they are now. The servlet closes it after the request.
     */
    private static Repository open(Path directory, String name) throws RepositoryNotFoundException {
        if (!name.equals(NAME) && !name.equals("manifests")) {
            throw new RepositoryNotFoundException(name);
        }
        try {
            return new FileRepositoryBuilder()
                    .setGitDir(directory.toFile())
                    .setMustExist(true)
                    .build();
        } catch (IOException e) {
            throw new RepositoryNotFoundException(name, e);
        }
    }
}
