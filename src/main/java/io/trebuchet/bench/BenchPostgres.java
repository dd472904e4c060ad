package io.trebuchet.bench;

import static java.util.Objects.requireNonNull;

import io.trebuchet.store.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the run, from the machine's PostgreSQL binaries ({@code initdb}, {@code pg_ctl}; Debian
 * installs them under {@code /usr/lib/postgresql/<version>/bin}), in a temporary directory, on 127.0.0.1 and a free
 * port, with the server's default settings (durable commits). {@code initdb} refuses to run as root: as root, the
 * cluster runs as the {@code postgres} user. Each scenario gets a database of its own.
 */
final class BenchPostgres implements AutoCloseable {
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
    private static final String USER = "postgres";

    private final Path binaries;
    private final Path dataDirectory;
    private final int port;
    private final Shell shell;
    private final AtomicInteger databases = new AtomicInteger();

    private BenchPostgres(Path binaries, Path dataDirectory, int port, Shell shell) {
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.shell = shell;
    }

    /** Finds the binaries ({@code binaries}, else the newest Debian PostgreSQL, else the PATH) and starts a cluster. */
    static BenchPostgres start(Optional<Path> binaries, Path log) {
        Path bin = binaries.or(BenchPostgres::findBinaries)
                .orElseThrow(() -> new IllegalStateException("PostgreSQL binaries (initdb, pg_ctl) not found: install"
                        + " the postgresql package, pass --postgres-bin DIR, or run with --backend embedded"));
        if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
            throw new IllegalStateException("%s has no initdb and pg_ctl".formatted(bin));
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Shell shell = new Shell(root ? List.of("runuser", "-u", USER, "--") : List.of(), log);
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory("trebuchet-bench-postgres");
            if (root) {
                UserPrincipal postgres = dataDirectory
                        .getFileSystem()
                        .getUserPrincipalLookupService()
                        .lookupPrincipalByName(USER);
                Files.setOwner(dataDirectory, postgres);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the PostgreSQL data directory", e);
        }
        int port = ServerProcess.freePort();
        shell.run(List.of(
                bin.resolve("initdb").toString(),
                "-D",
                dataDirectory.toString(),
                "-U",
                USER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync"));
        shell.run(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                dataDirectory.toString(),
                "-l",
                dataDirectory.resolve("server.log").toString(),
                "-w",
                "-t",
                "120",
                "-o",
                "-c port=%d -c listen_addresses=127.0.0.1 -c unix_socket_directories=%s -c max_connections=200"
                        .formatted(port, dataDirectory),
                "start"));
        return new BenchPostgres(bin, dataDirectory, port, shell);
    }

    private static Optional<Path> findBinaries() {
        if (Files.isDirectory(DEBIAN_BINARIES)) {
            try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
                Optional<Path> newest = versions.map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                        .max(Comparator.comparing(
                                bin -> bin.getParent().getFileName().toString(),
                                Comparator.comparingInt(BenchPostgres::versionNumber)));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // Fall through to the PATH.
            }
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String directory : path.split(java.io.File.pathSeparator, -1)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "initdb"))) {
                return Optional.of(Path.of(directory));
            }
        }
        return Optional.empty();
    }

    private static int versionNumber(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The PostgreSQL version, as {@code pg_ctl --version} says it. */
    String version() {
        return shell.output(List.of(binaries.resolve("pg_ctl").toString(), "--version"))
                .trim();
    }

    /** {@code pgbench} beside the server binaries, when the machine has it. */
    Optional<Path> pgbench() {
        Path pgbench = binaries.resolve("pgbench");
        return Files.isExecutable(pgbench) ? Optional.of(pgbench) : Optional.empty();
    }

    int port() {
        return port;
    }

    /** Creates an empty database and returns the settings to reach it. */
    DatabaseSettings newDatabase(String purpose) {
        String name = "bench_" + purpose.replaceAll("[^a-z0-9]", "_") + "_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, null);
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return DatabaseSettings.postgres(url(name), Optional.of(USER), Optional.empty());
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:%d/%s".formatted(port, database);
    }

    @Override
    public void close() {
        try {
            shell.run(List.of(
                    binaries.resolve("pg_ctl").toString(), "-D", dataDirectory.toString(), "-m", "fast", "-w", "stop"));
        } finally {
            BenchFiles.deleteRecursively(dataDirectory);
        }
    }

    /** Runs the cluster's commands, as the postgres user when the bench runs as root; output goes to the log. */
    private record Shell(List<String> prefix, Path log) {
        Shell {
            prefix = List.copyOf(prefix);
            requireNonNull(log, "log is null");
        }

        void run(List<String> command) {
            List<String> full = new ArrayList<>(prefix);
            full.addAll(command);
            Processes.run(full, log);
        }

        String output(List<String> command) {
            List<String> full = new ArrayList<>(prefix);
            full.addAll(command);
            return Processes.output(full);
        }
    }
}
