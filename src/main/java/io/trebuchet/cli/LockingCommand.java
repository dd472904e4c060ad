package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The base of the commands that put and delete locks ({@code lock}, {@code unlock} and Kuberpult's {@code
 * create-*-lock} and {@code delete-*-lock}): one request to the native lock API, and a sentence saying what happened.
 */
abstract class LockingCommand extends ClientCommand {
    /** Puts the lock (creating or replacing it) and says what changed. */
    protected final int lock(TrebuchetClient client, Output output, LockPlace place, LockId id, LockRequest request) {
        JsonNode answer = client.putJson(place.path(id), request);
        if (output.isJson()) {
            output.json(answer);
            return Main.EXIT_OK;
        }
        List<JsonNode> locks = new ArrayList<>();
        if (answer.has("locks")) {
            answer.path("locks").forEach(locks::add);
        } else {
            locks.add(answer.path("lock"));
        }
        String what = describe(place, id, locks);
        if (!answer.path("changed").asBoolean()) {
            output.line("The %s exists already as given; nothing changed.".formatted(what));
            return Main.EXIT_OK;
        }
        StringBuilder sentence = new StringBuilder()
                .append(answer.path("created").asBoolean() ? "Created " : "Updated ")
                .append(what)
                .append('.');
        JsonNode lock = locks.getFirst();
        if (lock.has("expiresAt")) {
            sentence.append(" It expires at ")
                    .append(Output.time(lock.path("expiresAt")))
                    .append('.');
        }
        if (lock.path("state").asText().equals("dormant")) {
            sentence.append(" It is dormant now: it blocks only inside its schedule's windows.");
        }
        output.line(sentence.toString());
        return Main.EXIT_OK;
    }

    /** Deletes the lock and says so. */
    protected final int unlock(TrebuchetClient client, Output output, LockPlace place, LockId id) {
        JsonNode answer = client.delete(place.path(id));
        if (output.isJson()) {
            output.json(answer);
            return Main.EXIT_OK;
        }
        List<JsonNode> deleted = new ArrayList<>();
        answer.path("deleted").forEach(deleted::add);
        output.line("Deleted %s.".formatted(describe(place, id, deleted)));
        return Main.EXIT_OK;
    }

    /** A group lock names the environments it is on. */
    private static String describe(LockPlace place, LockId id, List<JsonNode> locks) {
        return switch (place) {
            case LockPlace.Group group -> {
                List<String> environments = new ArrayList<>();
                locks.forEach(lock -> environments.add(lock.path("environment").asText()));
                yield "environment lock %s on %s (group %s)"
                        .formatted(id, String.join(", ", environments), group.group());
            }
            case LockPlace.Environment environment -> place.describe(id);
            case LockPlace.Application application -> place.describe(id);
            case LockPlace.Team team -> place.describe(id);
        };
    }
}
