package io.trebuchet.gitexport;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which string values the export writes plain and which quoted. Argo CD and Flux read YAML with Go's YAML 1.1
 * rules, where {@code yes}, {@code on}, {@code 0123} or {@code 12:30} are not strings: only values that no YAML 1.1
 * reader takes for anything but a string (a letter, underscore or slash first, no spaces, no keyword; a ";" as Argo CD's path lists end, as Kuberpult writes them plain) stay plain.
 */
final class YamlQuoting extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./:=@+;-]*");
    private static final Set<String> KEYWORDS =
            Set.of("y", "yes", "n", "no", "true", "false", "on", "off", "null", "nan", "inf");

    @Override
    public boolean needToQuoteValue(String value) {
        return !PLAIN.matcher(value).matches()
                || value.endsWith(":")
                || KEYWORDS.contains(value.toLowerCase(Locale.ROOT));
    }
}
