package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.LockBehavior;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trebuchet deploy}: deploy a version of an application to an environment. */
@Command(
        name = "deploy",
        description = {
            "Deploy a version of an application to an environment (any version, any environment).",
            "When a lock or a freeze window stands in the way, --lock-behavior says what to do: fail (the default:"
                    + " refuse, naming what blocks; exit code 1), record (queue the version and deploy nothing; exit"
                    + " code 0) or ignore (deploy anyway; the event records what it went through).",
            "With --lock, the application is also locked there after the deploy, in the same transaction, so that"
                    + " automation leaves the version in place (Kuberpult's deploy-and-lock)."
        },
        sortOptions = false,
        footer = {
            "",
            "Examples:",
            "  trebuchet deploy --application cart --environment staging --version 42",
            "  trebuchet deploy -a cart -e dev -v 41          # roll dev back to 41",
            "  trebuchet deploy -a cart -e prod-de -v 42 --lock-behavior ignore",
            "  trebuchet deploy -a cart -e prod-de -v 41 --lock 'v42 breaks checkout' --lock-expires-in 2d"
        })
final class DeployCommand extends ClientCommand {
    @Option(
            names = {"-a", "--application"},
            required = true,
            paramLabel = "APP",
            description = "Application.")
    String application;

    @Option(
            names = {"-e", "--environment"},
            required = true,
            paramLabel = "ENV",
            description = "Environment.")
    String environment;

    @Option(
            names = {"-v", "--version"},
            required = true,
            paramLabel = "N",
            description = "Release version to deploy.")
    String version;

    @Option(
            names = "--lock-behavior",
            paramLabel = "fail|record|ignore",
            description = "What to do when a lock or a freeze window stands in the way (default fail).")
    LockBehavior lockBehavior;

    @Option(
            names = "--lock",
            paramLabel = "MESSAGE",
            description = "Also lock the application there, saying why (not with --lock-behavior record).")
    String lockMessage;

    @Option(
            names = "--lock-id",
            paramLabel = "ID",
            description = "Id of that lock (default: a generated deploy-... id).")
    String lockId;

    @Option(
            names = "--lock-expires-in",
            paramLabel = "DURATION",
            description = "That lock stops blocking after this long: 30m, 8h, 2d.")
    String lockExpiresIn;

    @Override
    protected int run(TrebuchetClient client, Output output) {
        AppName app = AppName.of(application);
        EnvName env = EnvName.of(environment);
        Version release = Version.parse(version);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", release.value());
        if (lockBehavior != null) {
            body.put("lockBehavior", lockBehavior);
        }
        lock().ifPresent(lock -> body.put("lock", lock));
        if (lockId != null) {
            body.put("lockId", LockId.of(lockId));
        }
        JsonNode answer = client.postJson(
                TrebuchetClient.path("api", "v1", "environments", env.value(), "applications", app.value(), "deploy"),
                body);
        if (output.isJson()) {
            output.json(answer);
            return Main.EXIT_OK;
        }
        switch (answer.path("result").asText()) {
            case "queued" ->
                output.line("Queued %s %s in %s; nothing was deployed. Blocked by %s."
                        .formatted(app, release, env, blockers(answer.path("blockedBy"))));
            case "unchanged" -> output.line("%s %s runs in %s already; nothing changed.".formatted(app, release, env));
            default -> {
                output.line(
                        answer.has("previousVersion")
                                ? "Deployed %s %s to %s (was %d)."
                                        .formatted(
                                                app,
                                                release,
                                                env,
                                                answer.path("previousVersion").asLong())
                                : "Deployed %s %s to %s.".formatted(app, release, env));
                if (answer.has("ignoredBlockers")) {
                    output.line("It went through %s.".formatted(blockers(answer.path("ignoredBlockers"))));
                }
            }
        }
        if (answer.has("lock")) {
            output.line("Locked %s in %s (lock '%s'): automation leaves it there until someone unlocks it."
                    .formatted(app, env, answer.path("lock").path("id").asText()));
        }
        return Main.EXIT_OK;
    }

    /** The lock to put after the deploy, checked as the server checks it; lock options alone are a usage error. */
    private Optional<LockRequest> lock() {
        if (lockMessage == null) {
            if (lockId != null || lockExpiresIn != null) {
                throw CommandFailure.usage("--lock-id and --lock-expires-in describe the lock of --lock MESSAGE");
            }
            return Optional.empty();
        }
        if (lockBehavior == LockBehavior.RECORD) {
            throw CommandFailure.usage("--lock cannot go with --lock-behavior record: the new lock would hold the"
                    + " queued version back too");
        }
        return Optional.of(new LockRequest(
                lockMessage,
                Optional.empty(),
                Optional.empty(),
                Optional.ofNullable(lockExpiresIn),
                Optional.empty(),
                Optional.empty()));
    }

    @Override
    protected List<String> hints(CommandFailure refusal) {
        if (refusal.code().filter("DEPLOYMENT_BLOCKED"::equals).isEmpty()) {
            return super.hints(refusal);
        }
        return List.of("Deploy anyway with --lock-behavior ignore, or queue the version with --lock-behavior record.");
    }

    /** What blocks, as the server describes each lock or freeze window. */
    private static String blockers(JsonNode blockers) {
        List<String> descriptions = new ArrayList<>();
        blockers.forEach(blocker -> descriptions.add(blocker.path("message").asText()));
        return String.join("; ", descriptions);
    }
}
