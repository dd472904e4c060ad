package io.trebuchet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * An SSH server (Apache MINA sshd) on 127.0.0.1 and a free port that serves git over ssh from the bare repositories
 * under a directory with JGit, to one client key. Writes the client's key pair (with {@code ssh-keygen}) and a
 * known_hosts file with the server's host key.
 */
public final class TestingGitSshServer implements AutoCloseable {
    private final SshServer server;
    private final Path clientKey;
    private final Path knownHosts;

    private TestingGitSshServer(SshServer server, Path clientKey, Path knownHosts) {
        this.server = server;
        this.clientKey = clientKey;
        this.knownHosts = knownHosts;
    }

    public static TestingGitSshServer start(Path baseDirectory) {
        Path keys = TestingGit.temporaryDirectory("trebuchet-ssh");
        Path clientKey = keys.resolve("id_ecdsa");
        run(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", clientKey.toString()));
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(keys.resolve("host.ser"));
        hostKeys.setAlgorithm("EC");
        server.setKeyPairProvider(hostKeys);
        server.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(keys.resolve("id_ecdsa.pub")));
        server.setCommandFactory(new GitCommands(baseDirectory));
        try {
            server.start();
            KeyPair host = hostKeys.loadKeys(null).iterator().next();
            Path knownHosts = keys.resolve("known_hosts");
            Files.writeString(
                    knownHosts,
                    "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(host.getPublic()) + "\n");
            return new TestingGitSshServer(server, clientKey, knownHosts);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the ssh server", e);
        }
    }

    public String url(String name) {
        return "ssh://git@127.0.0.1:" + server.getPort() + "/" + name;
    }

    public Path clientKey() {
        return clientKey;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code git-upload-pack '<repo>'} and {@code git-receive-pack '<repo>'}, served by JGit. */
    private record GitCommands(Path baseDirectory) implements CommandFactory {
        @Override
        public Command createCommand(ChannelSession channel, String command) {
            List<String> words = CommandFactory.split(command);
            String repository = words.get(1).replace("'", "").replaceFirst("^/", "");
            return new GitCommand(
                    words.get(0), baseDirectory.resolve(repository).normalize());
        }
    }

    private static final class GitCommand implements Command {
        private final String program;
        private final Path repository;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        GitCommand(String program, Path repository) {
            this.program = program;
            this.repository = repository;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment environment) {
            Thread.ofPlatform().daemon(true).name("ssh-" + program).start(this::serve);
        }

        private void serve() {
            try (Repository git = new FileRepositoryBuilder()
                    .setGitDir(repository.toFile())
                    .setMustExist(true)
                    .build()) {
                switch (program) {
                    case "git-upload-pack" -> new UploadPack(git).upload(in, out, err);
                    case "git-receive-pack" -> new ReceivePack(git).receive(in, out, err);
                    default -> throw new IOException("unknown command " + program);
                }
                out.flush();
                exit.onExit(0);
            } catch (IOException | RuntimeException e) {
                exit.onExit(1, String.valueOf(e.getMessage()));
            }
        }

        @Override
        public void destroy(ChannelSession channel) {}
    }
}
