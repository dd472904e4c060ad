package io.trebuchet.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trebuchet completion}: a bash/zsh completion script for every command and option. */
@Command(
        name = "completion",
        description = "Print a completion script for bash and zsh (every command, option and value).",
        footer = {
            "",
            "Examples:",
            "  source <(trebuchet completion)                       # this shell",
            "  trebuchet completion > /etc/bash_completion.d/trebuchet",
            "  # zsh: autoload -U +X bashcompinit && bashcompinit && source <(trebuchet completion)"
        })
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        CommandSpec root = spec.root();
        spec.commandLine().getOut().print(AutoComplete.bash(root.name(), root.commandLine()));
        spec.commandLine().getOut().flush();
        return Main.EXIT_OK;
    }
}
