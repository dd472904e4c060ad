package io.trebuchet.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.TestingFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the embedded store finds a release, once it holds a fleet's history. A fleet's first releases are every
 * application's first one; H2's automatic statistics sample a table's first 1,000 rows, concluded that an application
 * has one release, and found a release by scanning all releases of its application (the overview read every release
 * of every deployed application: 17 times slower with 10 times the history).
 */
class EmbeddedStorePlanIT {
    private static final int APPLICATIONS = 1200;
    private static final int RELEASES = 3;

    private final Path directory;

    EmbeddedStorePlanIT() throws java.io.IOException {
        directory = Files.createTempDirectory("trebuchet-plan");
    }

    @AfterEach
    void deleteStore() {
        TestingFiles.deleteRecursively(directory);
    }

    @Test
    void aReleaseIsFoundByItsPrimaryKeyWhateverTheOrderItsFleetWasReleasedIn() {
        try (Database database = Database.open(DatabaseSettings.embedded(directory))) {
            Instant now = Instant.parse("2026-11-01T00:00:00Z");
            database.inTransaction(transaction -> {
                PreparedBatch applications = transaction
                        .handle()
                        .prepareBatch(
                                "insert into applications (name, created_at, updated_at) values (:name, :now, :now)");
                for (int application = 1; application <= APPLICATIONS; application++) {
                    applications
                            .bind("name", name(application))
                            .bind("now", now)
                            .add();
                }
                applications.execute();
                return null;
            });
            for (int version = 1; version <= RELEASES; version++) {
                int release = version;
                // One transaction per round, as releases come: H2 looks at its statistics when a transaction commits.
                database.inTransaction(transaction -> {
                    PreparedBatch releases = transaction.handle().prepareBatch("""
                            insert into releases (application, version, created_at, created_by_name, created_by_email)
                            values (:application, :version, :now, 'CI', 'ci@example.com')
                            """);
                    for (int application = 1; application <= APPLICATIONS; application++) {
                        releases.bind("application", name(application))
                                .bind("version", release)
                                .bind("now", now)
                                .add();
                    }
                    releases.execute();
                    return null;
                });
            }

            String plan = database.read(handle -> handle.createQuery(
                            "explain select * from releases where application = 'svc-0007' and version = 2")
                    .mapTo(String.class)
                    .one());

            // The index condition names both columns of the key: one row is read, not every release of svc-0007.
            assertThat(plan).containsPattern("/\\* [^*]+: application = 'svc-0007'\\s+AND version = ");
        }
    }

    private static String name(int application) {
        return "svc-%04d".formatted(application);
    }
}
