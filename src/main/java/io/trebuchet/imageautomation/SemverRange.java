package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semver range, written as Flux and Helm write them (Masterminds' syntax): comparators {@code = != > >= < <=},
 * tilde ({@code ~1.4} is {@code >=1.4.0 <1.5.0}), caret ({@code ^2} is {@code >=2.0.0 <3.0.0}, {@code ^0.2.3} is
 * {@code >=0.2.3 <0.3.0}), wildcards ({@code 1.2.x}, {@code *}), hyphen ranges ({@code 1.2 - 1.4}); comparators
 * separated by spaces or commas must all hold, alternatives are separated by {@code ||}. A version with a pre-release
 * is in the range only when one of the comparators of its alternative is written with a pre-release
 * ({@code >=1.2.0-0}).
 */
public record SemverRange(String text, List<List<Bound>> alternatives) {
    static final int MAX_LENGTH = 256;
    private static final int MAX_COMPARATORS = 32;
    private static final Pattern COMPARATOR = Pattern.compile("(!=|>=|<=|=|>|<|~>|~|\\^)?(v?[^\\s]+)");
    private static final Pattern PARTIAL = Pattern.compile(
            "(0|[1-9][0-9]{0,17}|[xX*])(?:\\.(0|[1-9][0-9]{0,17}|[xX*]))?"
                    + "(?:\\.(0|[1-9][0-9]{0,17}|[xX*]))?(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z.-]+)?");

    enum Operator {
        EQUAL,
        NOT_EQUAL,
        GREATER,
        GREATER_OR_EQUAL,
        LESS,
        LESS_OR_EQUAL
    }

    /** One condition on a version; {@code allowsPreRelease} when it was written with a pre-release. */
    record Bound(Operator operator, SemverVersion version, boolean allowsPreRelease) {
        Bound {
            requireNonNull(operator, "operator is null");
            requireNonNull(version, "version is null");
        }

        boolean holds(SemverVersion candidate) {
            int comparison = candidate.compareTo(version);
            return switch (operator) {
                case EQUAL -> comparison == 0;
                case NOT_EQUAL -> comparison != 0;
                case GREATER -> comparison > 0;
                case GREATER_OR_EQUAL -> comparison >= 0;
                case LESS -> comparison < 0;
                case LESS_OR_EQUAL -> comparison <= 0;
            };
        }
    }

    public SemverRange {
        requireNonNull(text, "text is null");
        alternatives = alternatives.stream().map(List::copyOf).toList();
    }

    /** Reads a range, or refuses it with {@code INVALID_IMAGE_POLICY} naming what is wrong. */
    public static SemverRange parse(String text) {
        requireNonNull(text, "text is null");
        if (text.isBlank()) {
            throw invalid(text, "is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid(text, "is longer than %d characters".formatted(MAX_LENGTH));
        }
        List<List<Bound>> alternatives = new ArrayList<>();
        int comparators = 0;
        for (String alternative : text.split("\\|\\|", -1)) {
            List<Bound> bounds = new ArrayList<>();
            List<String> tokens = tokens(text, alternative);
            if (tokens.size() == 3 && tokens.get(1).equals("-")) {
                Partial from = partial(text, tokens.get(0));
                Partial to = partial(text, tokens.get(2));
                bounds.add(new Bound(Operator.GREATER_OR_EQUAL, from.floor(), from.hasPreRelease()));
                bounds.add(
                        to.isFull()
                                ? new Bound(Operator.LESS_OR_EQUAL, to.floor(), to.hasPreRelease())
                                : new Bound(Operator.LESS, to.next(text), false));
            } else {
                for (String token : tokens) {
                    bounds.addAll(comparator(text, token));
                }
            }
            comparators += tokens.size();
            if (comparators > MAX_COMPARATORS) {
                throw invalid(text, "has more than %d comparators".formatted(MAX_COMPARATORS));
            }
            alternatives.add(bounds);
        }
        return new SemverRange(text, alternatives);
    }

    /** Whether the version is in the range. */
    public boolean contains(SemverVersion version) {
        return contains(version, false);
    }

    /**
     * Whether the version is in the range; with {@code anyPreRelease} a pre-release counts by its precedence alone, as
     * a chart subscription that considers pre-releases wants ({@code ^1.0} holds 1.2.0-dev.1), not only when the range
     * names a pre-release of the same version.
     */
    public boolean contains(SemverVersion version, boolean anyPreRelease) {
        for (List<Bound> bounds : alternatives) {
            boolean preReleaseAllowed = anyPreRelease || bounds.stream().anyMatch(Bound::allowsPreRelease);
            if (version.isPreRelease() && !preReleaseAllowed) {
                continue;
            }
            if (bounds.stream().allMatch(bound -> bound.holds(version))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> tokens(String text, String alternative) {
        List<String> words = Arrays.stream(alternative.replace(',', ' ').trim().split("\\s+", -1))
                .filter(word -> !word.isEmpty())
                .toList();
        if (words.isEmpty()) {
            throw invalid(text, "has an empty alternative");
        }
        // An operator may stand apart from its version (">= 1.2").
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.matches("!=|>=|<=|=|>|<|~>|~|\\^") && i + 1 < words.size()) {
                tokens.add(word + words.get(++i));
            } else {
                tokens.add(word);
            }
        }
        if (tokens.contains("-") && !(tokens.size() == 3 && tokens.get(1).equals("-"))) {
            throw invalid(text, "has a hyphen range without a version on both sides");
        }
        return tokens;
    }

    private static List<Bound> comparator(String text, String token) {
        Matcher matcher = COMPARATOR.matcher(token);
        if (!matcher.matches()) {
            throw invalid(text, "has a comparator '%s' that is not an operator and a version".formatted(token));
        }
        String operator = matcher.group(1) == null ? "=" : matcher.group(1);
        Partial partial = partial(text, matcher.group(2));
        boolean pre = partial.hasPreRelease();
        if (partial.major() < 0) {
            // '*', 'x': any version, with its operator it means all or nothing.
            return switch (operator) {
                case "=", ">=", "<=", "~", "~>", "^" ->
                    List.of(new Bound(Operator.GREATER_OR_EQUAL, SemverVersion.of(0, 0, 0), false));
                default -> throw invalid(text, "'%s' matches no version".formatted(token));
            };
        }
        SemverVersion floor = partial.floor();
        return switch (operator) {
            case "=" ->
                partial.isFull()
                        ? List.of(new Bound(Operator.EQUAL, floor, pre))
                        : List.of(
                                new Bound(Operator.GREATER_OR_EQUAL, floor, pre),
                                new Bound(Operator.LESS, partial.next(text), false));
            case "!=" -> {
                if (!partial.isFull()) {
                    throw invalid(text, "'%s': != takes a full version (major.minor.patch)".formatted(token));
                }
                yield List.of(new Bound(Operator.NOT_EQUAL, floor, pre));
            }
            case ">" ->
                partial.isFull()
                        ? List.of(new Bound(Operator.GREATER, floor, pre))
                        : List.of(new Bound(Operator.GREATER_OR_EQUAL, partial.next(text), pre));
            case ">=" -> List.of(new Bound(Operator.GREATER_OR_EQUAL, floor, pre));
            case "<" -> List.of(new Bound(Operator.LESS, partial.isFull() ? floor : floor.lowest(), pre));
            case "<=" ->
                partial.isFull()
                        ? List.of(new Bound(Operator.LESS_OR_EQUAL, floor, pre))
                        : List.of(new Bound(Operator.LESS, partial.next(text), pre));
            case "~", "~>" ->
                List.of(
                        new Bound(Operator.GREATER_OR_EQUAL, floor, pre),
                        new Bound(
                                Operator.LESS,
                                partial.minor() < 0
                                        ? bump(text, floor.major(), 0, 0)
                                        : bump(text, floor.major(), floor.minor(), 1),
                                false));
            case "^" ->
                List.of(
                        new Bound(Operator.GREATER_OR_EQUAL, floor, pre),
                        new Bound(Operator.LESS, caret(text, partial), false));
            default -> throw invalid(text, "has an unknown operator in '%s'".formatted(token));
        };
    }

    private static SemverVersion caret(String text, Partial partial) {
        // The first non-zero part may not change; a written zero part stays, an absent part may change.
        if (partial.major() > 0 || partial.minor() < 0) {
            return bump(text, partial.major(), 0, 0);
        }
        if (partial.minor() > 0 || partial.patch() < 0) {
            return bump(text, 0, partial.minor(), 1);
        }
        return bump(text, 0, 0, 2, partial.patch());
    }

    private static SemverVersion bump(String text, long major, long minor, int part) {
        return bump(text, major, minor, part, 0);
    }

    /** The lowest version (below its pre-releases) after {@code major.minor.patch} with {@code part} increased. */
    private static SemverVersion bump(String text, long major, long minor, int part, long patch) {
        long limit = 999_999_999_999_999_999L;
        if (major >= limit || minor >= limit || patch >= limit) {
            throw invalid(text, "has a version part too large");
        }
        SemverVersion next = switch (part) {
            case 0 -> SemverVersion.of(major + 1, 0, 0);
            case 1 -> SemverVersion.of(major, minor + 1, 0);
            default -> SemverVersion.of(major, minor, patch + 1);
        };
        return next.lowest();
    }

    /** A version as a range writes it: parts may be absent or wildcards (-1). */
    private record Partial(long major, long minor, long patch, List<String> preRelease) {
        boolean isFull() {
            return major >= 0 && minor >= 0 && patch >= 0;
        }

        boolean hasPreRelease() {
            return !preRelease.isEmpty();
        }

        SemverVersion floor() {
            return new SemverVersion(Math.max(major, 0), Math.max(minor, 0), Math.max(patch, 0), preRelease, "");
        }

        /** The lowest version above every version the partial names (1.2 → 1.3.0-0, 1 → 2.0.0-0). */
        SemverVersion next(String text) {
            if (minor < 0) {
                return bump(text, major, 0, 0);
            }
            if (patch < 0) {
                return bump(text, major, minor, 1);
            }
            return bump(text, major, minor, 2, patch);
        }
    }

    private static Partial partial(String text, String written) {
        String version = written.startsWith("v") ? written.substring(1) : written;
        Matcher matcher = PARTIAL.matcher(version);
        if (!matcher.matches()) {
            throw invalid(text, "has '%s', which is not a version".formatted(written));
        }
        long major = part(matcher.group(1));
        long minor = part(matcher.group(2));
        long patch = part(matcher.group(3));
        if ((major < 0 && minor >= 0) || (minor < 0 && patch >= 0)) {
            throw invalid(text, "has '%s': after a wildcard every part must be a wildcard".formatted(written));
        }
        List<String> preRelease =
                matcher.group(4) == null ? List.of() : List.of(matcher.group(4).split("\\.", -1));
        if (!preRelease.isEmpty() && patch < 0) {
            throw invalid(text, "has '%s': a pre-release needs a full version".formatted(written));
        }
        return new Partial(major, minor, patch, preRelease);
    }

    private static long part(String group) {
        if (group == null || group.equals("x") || group.equals("X") || group.equals("*")) {
            return -1;
        }
        return Long.parseLong(group);
    }

    private static TrebuchetException invalid(String text, String problem) {
        return new TrebuchetException(
                ErrorCode.INVALID_IMAGE_POLICY,
                "semver range '%s' %s".formatted(text, problem),
                Map.of("field", "semver.range", "range", text));
    }
}
