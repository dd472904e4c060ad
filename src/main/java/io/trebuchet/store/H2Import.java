package io.trebuchet.store;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over the store of a Trebuchet from before the embedded store was PostgreSQL: the H2 file {@code
 * <data>/trebuchet.mv.db}. On the first start of the embedded store beside such a file, the new database is migrated
 * to the schema version the H2 store has, every table is copied in one transaction (ids, events and their order kept,
 * sequences moved past them), the rest of the migrations run on the copy, and the H2 file is renamed {@code
 * trebuchet.mv.db.imported}; it is never written. A start that fails half-way copies again the next time.
 */
final class H2Import {
    private static final Logger log = LoggerFactory.getLogger(H2Import.class);
    private static final String FILE = "trebuchet.mv.db";
    private static final String HISTORY = "flyway_schema_history";

    private final Path dataDirectory;

    private H2Import(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** The H2 store in {@code dataDirectory}, if there is one to import. */
    static Optional<H2Import> find(Path dataDirectory) {
        requireNonNull(dataDirectory, "dataDirectory is null");
        return Files.isRegularFile(dataDirectory.resolve(FILE))
                ? Optional.of(new H2Import(dataDirectory))
                : Optional.empty();
    }

    Path file() {
        return dataDirectory.resolve(FILE);
    }

    private Connection openH2() throws SQLException {
        String path = dataDirectory.resolve("trebuchet").toAbsolutePath().toString();
        return DriverManager.getConnection(
                "jdbc:h2:file:" + path
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;ACCESS_MODE_DATA=r",
                "sa",
                "");
    }

    /** The schema version the H2 store was migrated to. */
    String schemaVersion() {
        try (Connection h2 = openH2();
                Statement statement = h2.createStatement();
                ResultSet result = statement.executeQuery("select \"version\" from " + HISTORY
                        + " where \"success\" and \"version\" is not null order by \"installed_rank\" desc limit 1")) {
            if (!result.next()) {
                throw failure("it has no schema version", null);
            }
            return result.getString(1);
        } catch (SQLException e) {
            throw failure(e.getMessage(), e);
        }
    }

    /**
     * Whether {@code target} holds data already: an import that committed before its file could be renamed, or a
     * store that was used since. Its schema may be newer than the H2 store's.
     */
    boolean alreadyCopied(DataSource target) {
        // Every change is an event, and the migrations write none: events mean data.
        try (Connection postgres = target.getConnection();
                Statement statement = postgres.createStatement()) {
            boolean copied;
            try (ResultSet table = statement.executeQuery("select to_regclass('events') is not null")) {
                copied = table.next() && table.getBoolean(1);
            }
            if (copied) {
                try (ResultSet rows = statement.executeQuery("select exists (select 1 from events)")) {
                    copied = rows.next() && rows.getBoolean(1);
                }
            }
            if (copied) {
                log.info("The embedded store already holds the data of {}; not importing it again", file());
            }
            return copied;
        } catch (SQLException e) {
            throw failure(e.getMessage(), e);
        }
    }

    /** Copies every table of the H2 store into {@code target}, empty and with its schema at {@link #schemaVersion()}. */
    void copyInto(DataSource target) {
        try (Connection h2 = openH2();
                Connection postgres = target.getConnection()) {
            List<String> tables = tables(h2);
            postgres.setAutoCommit(false);
            try (Statement settings = postgres.createStatement()) {
                // Rows go in table by table, before the rows they refer to may be there: no foreign key checks while
                // copying (the H2 store checked them when it wrote the rows).
                settings.execute("set local session_replication_role = replica");
            }
            long rows = 0;
            for (String table : tables) {
                rows += copy(h2, postgres, table);
            }
            for (String table : tables) {
                moveSequences(postgres, table);
            }
            postgres.commit();
            log.info("Imported {} rows of {} tables from the H2 store {}", rows, tables.size(), file());
        } catch (SQLException e) {
            throw failure(e.getMessage(), e);
        }
    }

    /** Renames the H2 file so that it is not imported again and not taken for the store. */
    void retire() {
        Path retired = dataDirectory.resolve(FILE + ".imported");
        try {
            Files.move(file(), retired, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw failure("cannot rename it to " + retired + ": " + e.getMessage(), e);
        }
        log.info("The H2 store is kept, no longer used, as {}", retired);
    }

    private static List<String> tables(Connection h2) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = h2.createStatement();
                ResultSet result = statement.executeQuery("select table_name from information_schema.tables"
                        + " where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name")) {
            while (result.next()) {
                String table = result.getString(1).toLowerCase(Locale.ROOT);
                if (!table.equals(HISTORY)) {
                    tables.add(table);
                }
            }
        }
        return tables;
    }

    private static long copy(Connection h2, Connection postgres, String table) throws SQLException {
        Set<String> targetColumns = columns(postgres, table);
        if (targetColumns.isEmpty()) {
            throw new SQLException("the embedded store has no table " + table);
        }
        try (Statement clear = postgres.createStatement()) {
            // What the migrations put there (the event sequence's first row) is replaced by the H2 store's.
            clear.execute("delete from " + quote(table));
        }
        long rows = 0;
        try (Statement select = h2.createStatement();
                ResultSet source = select.executeQuery("select * from " + quote(table))) {
            ResultSetMetaData meta = source.getMetaData();
            List<Integer> indexes = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String name = meta.getColumnName(i).toLowerCase(Locale.ROOT);
                if (!targetColumns.contains(name)) {
                    throw new SQLException("the embedded store's table %s has no column %s".formatted(table, name));
                }
                indexes.add(i);
                names.add(name);
            }
            String insert = "insert into %s (%s) overriding system value values (%s)"
                    .formatted(
                            quote(table),
                            names.stream().map(H2Import::quote).collect(Collectors.joining(", ")),
                            names.stream().map(name -> "?").collect(Collectors.joining(", ")));
            try (PreparedStatement target = postgres.prepareStatement(insert)) {
                while (source.next()) {
                    for (int column = 0; column < indexes.size(); column++) {
                        int index = indexes.get(column);
                        if (meta.getColumnTypeName(index)
                                .toUpperCase(Locale.ROOT)
                                .startsWith("JSON")) {
                            String json = source.getString(index);
                            target.setObject(column + 1, json, java.sql.Types.OTHER);
                        } else {
                            target.setObject(column + 1, source.getObject(index));
                        }
                    }
                    target.addBatch();
                    if (++rows % 1000 == 0) {
                        target.executeBatch();
                    }
                }
                target.executeBatch();
            }
        }
        return rows;
    }

    private static Set<String> columns(Connection postgres, String table) throws SQLException {
        Set<String> columns = new LinkedHashSet<>();
        try (PreparedStatement statement =
                postgres.prepareStatement("select column_name from information_schema.columns"
                        + " where table_schema = current_schema() and table_name = ?")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    columns.add(result.getString(1));
                }
            }
        }
        return columns;
    }

    /** Sets every sequence of the table (identity and serial columns) past the largest value copied. */
    private static void moveSequences(Connection postgres, String table) throws SQLException {
        for (String column : columns(postgres, table)) {
            String sequence;
            try (PreparedStatement find = postgres.prepareStatement("select pg_get_serial_sequence(?, ?)")) {
                find.setString(1, quote(table));
                find.setString(2, column);
                try (ResultSet result = find.executeQuery()) {
                    sequence = result.next() ? result.getString(1) : null;
                }
            }
            if (sequence == null) {
                continue;
            }
            try (PreparedStatement move =
                    postgres.prepareStatement("select setval(?, coalesce((select max(%s) from %s), 0) + 1, false)"
                            .formatted(quote(column), quote(table)))) {
                move.setString(1, sequence);
                move.execute();
            }
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private TrebuchetException failure(String reason, Throwable cause) {
        return new TrebuchetException(
                ErrorCode.STORE_UNAVAILABLE,
                "cannot import the store of an older Trebuchet, %s, into the embedded PostgreSQL store: %s; it is left"
                                .formatted(file(), reason)
                        + " as it was (docs/adr/0009-durable-embedded-store.md)",
                cause);
    }
}
