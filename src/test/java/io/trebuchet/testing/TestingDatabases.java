package io.trebuchet.testing;

import io.trebuchet.store.DatabaseSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests a fresh store of either backend: an H2 file under a directory, or a new database on the run's shared
 * PostgreSQL server (started only when a test asks for one). Use with {@code @ExtendWith(TestingDatabases.class)} and
 * a parameter of this type.
 */
public final class TestingDatabases implements ParameterResolver {
    private final ExtensionContext context;

    public TestingDatabases() {
        this.context = null;
    }

    private TestingDatabases(ExtensionContext context) {
        this.context = context;
    }

    public DatabaseSettings newDatabase(Backend backend, Path dataDirectory) {
        return switch (backend) {
            case H2 -> DatabaseSettings.embedded(dataDirectory);
            case POSTGRESQL -> TestingPostgres.shared(context).newDatabase();
        };
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
