package io.trebuchet.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trebuchet.core.JsonTrees;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tokens {@code trebuchet login} keeps, one per server URL, in {@code credentials.json} of the user's config
 * directory: {@code $TREBUCHET_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/trebuchet}, else
 * {@code ~/.config/trebuchet}. The directory is created owner-only (0700) and the file is written owner-only (0600)
 * through a temporary file in the same directory, so that no other user can read a token even for a moment.
 */
final class Credentials {
    static final String FILE_NAME = "credentials.json";
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path file;

    Credentials(Path file) {
        this.file = requireNonNull(file, "file is null");
    }

    /** The credentials file of the user the environment describes. */
    static Credentials of(Map<String, String> environment) {
        Optional<String> explicit = value(environment, "TREBUCHET_CONFIG_DIR");
        if (explicit.isPresent()) {
            return new Credentials(Path.of(explicit.get()).resolve(FILE_NAME));
        }
        Path base = value(environment, "XDG_CONFIG_HOME")
                .map(Path::of)
                .orElseGet(() -> Path.of(value(environment, "HOME").orElse(System.getProperty("user.home")))
                        .resolve(".config"));
        return new Credentials(base.resolve("trebuchet").resolve(FILE_NAME));
    }

    private static Optional<String> value(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).filter(text -> !text.isBlank());
    }

    Path file() {
        return file;
    }

    /** A token kept for one server: what it is ({@code oidc} or {@code api-token}), for whom, and until when. */
    record Entry(String token, String kind, String identity, Optional<Instant> expiresAt) {
        Entry {
            requireNonNull(token, "token is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(identity, "identity is null");
            requireNonNull(expiresAt, "expiresAt is null");
        }
    }

    /** The token kept for {@code server}; empty when there is none or the file cannot be read. */
    Optional<Entry> find(URI server) {
        JsonNode entry = read().path("servers").path(server.toString());
        if (!entry.path("token").isTextual()) {
            return Optional.empty();
        }
        Optional<Instant> expiresAt = entry.path("expiresAt").isTextual()
                ? Optional.of(Instant.parse(entry.path("expiresAt").asText()))
                : Optional.empty();
        return Optional.of(new Entry(
                entry.path("token").asText(),
                entry.path("kind").asText("oidc"),
                entry.path("identity").asText(""),
                expiresAt));
    }

    void save(URI server, Entry entry) {
        ObjectNode root = read();
        ObjectNode servers = root.path("servers") instanceof ObjectNode existing ? existing : root.putObject("servers");
        ObjectNode node = servers.putObject(server.toString());
        node.put("token", entry.token());
        node.put("kind", entry.kind());
        node.put("identity", entry.identity());
        entry.expiresAt().ifPresent(expiry -> node.put("expiresAt", expiry.toString()));
        write(root);
    }

    /** Forgets the token of {@code server}; whether there was one. */
    boolean remove(URI server) {
        ObjectNode root = read();
        if (!(root.path("servers") instanceof ObjectNode servers) || servers.remove(server.toString()) == null) {
            return false;
        }
        write(root);
        return true;
    }

    private ObjectNode read() {
        if (!Files.isRegularFile(file)) {
            return JsonTrees.object();
        }
        try {
            JsonNode node = JsonTrees.read(Files.readString(file, StandardCharsets.UTF_8));
            return node instanceof ObjectNode object ? object : JsonTrees.object();
        } catch (IOException | RuntimeException e) {
            throw CommandFailure.usage("cannot read the credentials file %s (%s); delete it and run 'trebuchet login'"
                    .formatted(file, e.getClass().getSimpleName()));
        }
    }

    private void write(ObjectNode root) {
        Path directory = file.toAbsolutePath().getParent();
        boolean posix = posix(directory);
        try {
            if (!Files.isDirectory(directory)) {
                if (posix) {
                    Files.createDirectories(directory, attribute(OWNER_ONLY_DIRECTORY));
                } else {
                    Files.createDirectories(directory);
                }
            }
            Path temporary = directory.resolve(
                    FILE_NAME + ".tmp-" + ProcessHandle.current().pid());
            Files.deleteIfExists(temporary);
            if (posix) {
                Files.createFile(temporary, attribute(OWNER_ONLY_FILE));
            } else {
                Files.createFile(temporary);
            }
            Files.writeString(temporary, JsonTrees.pretty(root), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix) {
                // A file that existed with wider permissions (copied by hand) is narrowed too.
                Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
            }
        } catch (FileAlreadyExistsException e) {
            throw CommandFailure.usage(
                    "cannot write the credentials file %s: %s is in the way".formatted(file, e.getFile()));
        } catch (IOException e) {
            throw CommandFailure.usage("cannot write the credentials file %s (%s: %s)"
                    .formatted(file, e.getClass().getSimpleName(), e.getMessage()));
        }
    }

    private static boolean posix(Path directory) {
        Path existing = directory;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
