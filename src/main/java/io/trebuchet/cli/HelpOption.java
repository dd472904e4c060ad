package io.trebuchet.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h}/{@code --help} for subcommands. They cannot use picocli's standard help options, whose {@code --version}
 * would take the name of Kuberpult's {@code release --version}.
 */
public final class HelpOption {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;
}
