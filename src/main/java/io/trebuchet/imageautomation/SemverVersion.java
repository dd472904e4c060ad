package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version read from a tag: an optional {@code v}, one to three numeric parts (missing ones are 0, so
 * {@code 1.4} is {@code 1.4.0}), an optional pre-release and build metadata. Numbers have no leading zeros. Ordered by
 * semver 2.0 precedence; build metadata does not count.
 */
public record SemverVersion(long major, long minor, long patch, List<String> preRelease, String build)
        implements Comparable<SemverVersion> {
    // The JDK's regex is fine here: the expression is ours and has no nested repetition.
    private static final Pattern FORM = Pattern.compile(
            "v?(0|[1-9][0-9]{0,17})(?:\\.(0|[1-9][0-9]{0,17}))?"
                    + "(?:\\.(0|[1-9][0-9]{0,17}))?(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    public SemverVersion {
        requireNonNull(preRelease, "preRelease is null");
        requireNonNull(build, "build is null");
        preRelease = List.copyOf(preRelease);
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version parts must not be negative");
        }
    }

    static SemverVersion of(long major, long minor, long patch) {
        return new SemverVersion(major, minor, patch, List.of(), "");
    }

    /** The version a tag names, or empty when the tag is not a version. */
    public static Optional<SemverVersion> parse(String tag) {
        Matcher matcher = FORM.matcher(tag);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        List<String> preRelease =
                matcher.group(4) == null ? List.of() : List.of(matcher.group(4).split("\\.", -1));
        for (String identifier : preRelease) {
            if (identifier.length() > 1
                    && identifier.startsWith("0")
                    && NUMERIC.matcher(identifier).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(new SemverVersion(
                Long.parseLong(matcher.group(1)),
                matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2)),
                matcher.group(3) == null ? 0 : Long.parseLong(matcher.group(3)),
                preRelease,
                matcher.group(5) == null ? "" : matcher.group(5)));
    }

    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    /** The lowest version of this major.minor.patch: below every pre-release of it (written {@code X.Y.Z-0}). */
    SemverVersion lowest() {
        return new SemverVersion(major, minor, patch, List.of("0"), "");
    }

    @Override
    public int compareTo(SemverVersion other) {
        int result = Long.compare(major, other.major);
        if (result == 0) {
            result = Long.compare(minor, other.minor);
        }
        if (result == 0) {
            result = Long.compare(patch, other.patch);
        }
        if (result != 0) {
            return result;
        }
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            // A release is above its pre-releases.
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), other.preRelease.size()); i++) {
            int identifier = compareIdentifiers(preRelease.get(i), other.preRelease.get(i));
            if (identifier != 0) {
                return identifier;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    private static int compareIdentifiers(String left, String right) {
        boolean leftNumeric = NUMERIC.matcher(left).matches();
        boolean rightNumeric = NUMERIC.matcher(right).matches();
        if (leftNumeric && rightNumeric) {
            int length = Integer.compare(left.length(), right.length());
            return length != 0 ? length : left.compareTo(right);
        }
        if (leftNumeric != rightNumeric) {
            // Numeric identifiers are below alphanumeric ones.
            return leftNumeric ? -1 : 1;
        }
        return left.compareTo(right);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + String.join(".", preRelease))
                + (build.isEmpty() ? "" : "+" + build);
    }
}
