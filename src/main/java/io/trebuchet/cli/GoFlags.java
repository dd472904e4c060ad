package io.trebuchet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Kuberpult's client parses its flags with Go's {@code flag} package, which takes {@code -name value} and
 * {@code -name=value} as well as the double-dash forms; CI scripts use both. This rewrites a single-dash word that is
 * no short option of the command but is one of its long options ({@code -application} for {@code --application}), and
 * leaves everything else, including option values, as it is.
 */
final class GoFlags {
    private static final Pattern SINGLE_DASH_WORD = Pattern.compile("-([A-Za-z][A-Za-z0-9_-]+)(=.*)?", Pattern.DOTALL);

    private GoFlags() {}

    static String[] normalize(CommandLine root, String[] args) {
        List<String> normalized = new ArrayList<>(args.length);
        CommandSpec current = root.getCommandSpec();
        boolean inSubcommand = false;
        for (int index = 0; index < args.length; index++) {
            String arg = args[index];
            if (arg.equals("--")) {
                copyRest(args, index, normalized);
                break;
            }
            if (!arg.startsWith("-") || arg.length() == 1) {
                CommandLine subcommand =
                        inSubcommand ? null : root.getSubcommands().get(arg);
                if (subcommand == null && !inSubcommand) {
                    // A command this tree does not know (yet): leave the rest to the tree that knows it.
                    copyRest(args, index, normalized);
                    break;
                }
                if (subcommand != null) {
                    current = subcommand.getCommandSpec();
                    inSubcommand = true;
                }
                normalized.add(arg);
                continue;
            }
            String rewritten = rewrite(current, arg);
            normalized.add(rewritten);
            String name = rewritten.contains("=") ? rewritten.substring(0, rewritten.indexOf('=')) : rewritten;
            OptionSpec option = current.findOption(name);
            if (option != null && !rewritten.contains("=") && option.arity().min() > 0 && index + 1 < args.length) {
                normalized.add(args[++index]);
            }
        }
        return normalized.toArray(String[]::new);
    }

    private static String rewrite(CommandSpec command, String arg) {
        Matcher matcher = SINGLE_DASH_WORD.matcher(arg);
        if (!matcher.matches() || command.findOption(arg) != null) {
            return arg;
        }
        String name = "--" + matcher.group(1);
        if (command.findOption(name) == null) {
            return arg;
        }
        return matcher.group(2) == null ? name : name + matcher.group(2);
    }

    private static void copyRest(String[] args, int from, List<String> normalized) {
        for (int index = from; index < args.length; index++) {
            normalized.add(args[index]);
        }
    }
}
