package io.trebuchet.cli;

import java.util.Map;
import picocli.CommandLine.Command;

/** {@code trebuchet logout}: forgets the token {@code trebuchet login} kept for the server. */
@Command(
        name = "logout",
        description = "Forget the token 'trebuchet login' kept for the server. An API token stays valid on the server"
                + " until an administrator revokes it ('trebuchet token revoke').",
        footer = {"", "Examples:", "  trebuchet logout", "  trebuchet logout --url https://trebuchet.example.com"})
final class LogoutCommand extends ClientCommand {
    @Override
    protected int run(TrebuchetClient client, Output output) {
        ClientSettings settings = client.settings();
        boolean removed = settings.credentials().remove(settings.url());
        if (output.isJson()) {
            output.json(Map.of("server", settings.url().toString(), "removed", removed));
        } else {
            output.line(
                    removed
                            ? "Signed out of %s: its token is removed from %s."
                                    .formatted(
                                            settings.url(),
                                            settings.credentials().file())
                            : "No token was kept for %s.".formatted(settings.url()));
        }
        return Main.EXIT_OK;
    }
}
