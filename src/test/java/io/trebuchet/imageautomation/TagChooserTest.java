package io.trebuchet.imageautomation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TagChooserTest {
    private static final String SEED_V1 = "^v1_[a-fA-F0-9]{7}_(?P<datetime>.*)Z$";
    private static final String SEED_V2 = "^v2_[a-fA-F0-9]{7}_(?P<datetime>.*)Z$";

    static Stream<Arguments> semverRanges() {
        List<String> tags = List.of(
                "1.1.9",
                "1.2.0",
                "v1.4.2",
                "1.4.10",
                "1.5.0",
                "1.9.9-rc.1",
                "2.0.0-rc.1",
                "2.0.0",
                "2.3.1",
                "3.0.0",
                "0.2.5",
                "0.2.9",
                "0.3.0",
                "0.0.3",
                "0.0.4",
                "latest",
                "1.2.3.4",
                "01.2.3",
                "2.3.1.sig");
        return Stream.of(
                Arguments.of(">=1.2.0 <2.0.0", tags, "1.5.0"),
                Arguments.of(">=1.2.0, <2.0.0", tags, "1.5.0"),
                Arguments.of(">= 1.2.0 < 2.0.0", tags, "1.5.0"),
                Arguments.of("~1.4", tags, "1.4.10"),
                Arguments.of("~1.4.2", tags, "1.4.10"),
                Arguments.of("~>1", tags, "1.5.0"),
                Arguments.of("^2", tags, "2.3.1"),
                Arguments.of("^1.2", tags, "1.5.0"),
                Arguments.of("^0.2.3", tags, "0.2.9"),
                Arguments.of("^0.0.3", tags, "0.0.3"),
                Arguments.of("^0", tags, "0.3.0"),
                Arguments.of("1.4.x", tags, "1.4.10"),
                Arguments.of("1.x", tags, "1.5.0"),
                Arguments.of("*", tags, "3.0.0"),
                Arguments.of("1.2 - 1.4", tags, "1.4.10"),
                Arguments.of("1.2.0 - 1.4.2", tags, "v1.4.2"),
                Arguments.of(">2", tags, "3.0.0"),
                Arguments.of("<=1.4", tags, "1.4.10"),
                Arguments.of("<1.4", tags, "1.2.0"),
                Arguments.of("<1.2.0 || >=3", tags, "3.0.0"),
                Arguments.of("<1.2.0 || 0.2.x", tags, "1.1.9"),
                Arguments.of("!=3.0.0", tags, "2.3.1"),
                Arguments.of("=1.2.0", tags, "1.2.0"),
                Arguments.of("v1.4.2", tags, "v1.4.2"),
                // Pre-releases only when the range asks for them.
                Arguments.of(">=2.0.0-0 <2.0.0", tags, "2.0.0-rc.1"),
                Arguments.of(">=1.9.0-0 <2.0.0", tags, "2.0.0-rc.1"),
                Arguments.of("^2.0.0-rc.1", List.of("2.0.0-rc.1", "2.0.0-rc.2", "3.0.0-alpha"), "2.0.0-rc.2"),
                Arguments.of("^2.0.0-rc.1", List.of("2.0.0-rc.1", "2.0.0-rc.2", "2.0.0"), "2.0.0"),
                Arguments.of(
                        ">=1.0.0-alpha",
                        List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta.2", "1.0.0-beta.11"),
                        "1.0.0-beta.11"),
                Arguments.of(
                        ">=1.0.0-alpha",
                        List.of("1.0.0-alpha", "1.0.0-alpha.beta", "1.0.0-alpha.1"),
                        "1.0.0-alpha.beta"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("semverRanges")
    void semverChoosesTheHighestVersionInTheRange(String range, List<String> tags, String expected) {
        assertThat(chosen(TagPolicy.semver(range), tags)).isEqualTo(expected);
        List<String> reversed = new ArrayList<>(tags);
        Collections.reverse(reversed);
        assertThat(chosen(TagPolicy.semver(range), reversed)).isEqualTo(expected);
    }

    @Test
    void aPolicyDescribesItselfInWords() {
        TagPolicy seed = TagPolicy.fromMap(Map.of(
                "policy",
                Map.of("alphabetical", Map.of("order", "asc")),
                "filterTags",
                Map.of("pattern", "^v1_[a-fA-F0-9]{7}_(?P<datetime>.*)Z$", "extract", "$datetime")));
        TagPolicy semver = TagPolicy.fromMap(Map.of("policy", Map.of("semver", Map.of("range", "^2"))));
        TagPolicy lowest = TagPolicy.fromMap(
                Map.of("policy", Map.of("numerical", Map.of("order", "desc")), "exclusionList", List.of()));

        assertThat(seed.describe())
                .isEqualTo("the last alphabetical value ($datetime) among tags matching"
                        + " ^v1_[a-fA-F0-9]{7}_(?P<datetime>.*)Z$, except ^.*\\.sig$");
        assertThat(semver.describe()).isEqualTo("the highest semantic version in ^2, except ^.*\\.sig$");
        assertThat(lowest.describe()).isEqualTo("the lowest numerical tag");
    }

    @Test
    void semverWithoutPreReleaseInTheRangeNeverChoosesAPreRelease() {
        TagChoice choice = TagChooser.choose(TagPolicy.semver(">=1.0.0"), List.of("1.0.0", "2.0.0-rc.1", "2.0.0-beta"));

        assertThat(choice).isEqualTo(new TagChoice.Chosen("1.0.0", "1.0.0", new TagChoice.TagCounts(3, 0, 0, 0, 2, 1)));
        assertThat(TagChooser.choose(TagPolicy.semver(">=1.9.0 <2.0.0"), List.of("1.9.9-rc.1", "2.0.0")))
                .isInstanceOf(TagChoice.NoCandidate.class);
    }

    @Test
    void semverVersionsEqualButForTheirTagAreOrderedByTheTag() {
        assertThat(chosen(TagPolicy.semver(">=1.0.0"), List.of("v1.2.0", "1.2", "1.2.0+build.7", "1.2.0")))
                .isEqualTo("v1.2.0");
    }

    @Test
    void semverReadsPartialVersionsAndTheVPrefix() {
        assertThat(SemverVersion.parse("v1.4")).contains(SemverVersion.of(1, 4, 0));
        assertThat(SemverVersion.parse("2")).contains(SemverVersion.of(2, 0, 0));
        assertThat(SemverVersion.parse("1.2.3-01")).isEmpty();
        assertThat(SemverVersion.parse("1.2.3.4")).isEmpty();
        assertThat(SemverVersion.parse("V1.2.3")).isEmpty();
        assertThat(SemverVersion.parse("1.2.3-")).isEmpty();
    }

    @Test
    void noCandidateSaysHowManyTagsEachStepDropped() {
        TagChoice choice = TagChooser.choose(TagPolicy.semver("^2"), List.of("1.0.0", "latest", "2.0.0.sig"));

        assertThat(choice).isInstanceOf(TagChoice.NoCandidate.class);
        assertThat(((TagChoice.NoCandidate) choice).reason())
                .isEqualTo("none of 3 tags is a candidate: 1 excluded, 0 not matching the filter, 1 not readable by the"
                        + " policy, 1 outside the range");
        assertThat(((TagChoice.NoCandidate) TagChooser.choose(TagPolicy.semver("^2"), List.of())).reason())
                .isEqualTo("the repository has no tags");
    }

    static Stream<Arguments> orderedPolicies() {
        List<String> numbers = List.of("9", "10", "100", "-3", "1.5", "007", "latest", "1e5", "0x10", "12.sig");
        List<String> words = List.of("RELEASE.2021-01-01", "RELEASE.2021-12-31", "RELEASE.2021-06-15", "main", "Zeta");
        return Stream.of(
                Arguments.of("numerical", "asc", numbers, "100"),
                Arguments.of("numerical", "desc", numbers, "-3"),
                Arguments.of("numerical", null, numbers, "100"),
                Arguments.of("numerical", "asc", List.of("7", "007", "07"), "7"),
                Arguments.of("alphabetical", "asc", words, "main"),
                Arguments.of("alphabetical", "desc", words, "RELEASE.2021-01-01"),
                Arguments.of("alphabetical", "ascending", words, "main"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("orderedPolicies")
    void orderedPoliciesChooseTheLastInTheirOrder(String kind, String order, List<String> tags, String expected) {
        Map<String, Object> settings = order == null ? Map.of() : Map.of("order", order);
        TagPolicy policy = TagPolicy.fromMap(Map.of("policy", Map.of(kind, settings)));

        assertThat(chosen(policy, tags)).isEqualTo(expected);
    }

    @Test
    void seedPatternChoosesTheNewestDatetimeOfV1Only() {
        TagPolicy v1 = seed(SEED_V1);
        List<String> tags = List.of(
                "v1_abcdef0_2021-10-08T12.44.03Z",
                "v1_1234567_2021-10-09T08.00.00Z",
                "v1_ABCDEF1_2021-10-08T23.59.59Z",
                "v2_fedcba9_2021-11-01T00.00.00Z",
                "v1_abcdef0_2021-10-10T00.00.00Z.sig",
                "v1_abcdefg_2021-12-01T00.00.00Z",
                "v1_abcdef_2021-12-01T00.00.00Z",
                "xv1_abcdef0_2021-12-01T00.00.00Z",
                "latest");

        TagChoice choice = TagChooser.choose(v1, tags);

        assertThat(choice)
                .isEqualTo(new TagChoice.Chosen(
                        "v1_1234567_2021-10-09T08.00.00Z",
                        "2021-10-09T08.00.00",
                        new TagChoice.TagCounts(9, 1, 5, 0, 0, 3)));
        assertThat(chosen(seed(SEED_V2), tags)).isEqualTo("v2_fedcba9_2021-11-01T00.00.00Z");
    }

    @Test
    void patternsMatchTheWholeTag() {
        TagPolicy policy = TagPolicy.fromMap(Map.of(
                "policy", Map.of("alphabetical", Map.of()),
                "filterTags", Map.of("pattern", "main-[0-9]+")));

        assertThat(chosen(policy, List.of("main-1", "main-2-dirty", "xmain-9", "main-3")))
                .isEqualTo("main-3");
    }

    @Test
    void extractOrdersByTheValueItMakes() {
        TagPolicy policy = TagPolicy.fromMap(Map.of(
                "policy", Map.of("numerical", Map.of("order", "asc")),
                "filterTags", Map.of("pattern", "build-(?P<ts>[0-9]+)-(?P<sha>[a-f0-9]+)", "extract", "$ts")));

        assertThat(chosen(policy, List.of("build-9-aa", "build-10-bb", "build-2-ff")))
                .isEqualTo("build-10-bb");
    }

    @Test
    void extractTemplatesFollowGoExpansion() {
        TagFilter filter = TagFilter.of("(?P<major>[0-9]+)_(?P<minor>[0-9]+)_([a-z]+)", "${major}.$minor-$3$$x");

        assertThat(filter.apply("1_4_rc")).contains("1.4-rc$x");
        assertThat(filter.apply("1_4")).isEmpty();
    }

    @Test
    void tiesInExtractedValuesAreOrderedByTheTag() {
        TagPolicy policy = seed(SEED_V1);

        assertThat(chosen(policy, List.of("v1_bbbbbbb_2021-10-08T12.44.03Z", "v1_aaaaaaa_2021-10-08T12.44.03Z")))
                .isEqualTo("v1_bbbbbbb_2021-10-08T12.44.03Z");
    }

    @Test
    void exclusionListReplacesTheDefault() {
        Map<String, Object> alphabetical = Map.of("alphabetical", Map.of());
        List<String> tags = List.of("a", "b.sig", "c-dirty");

        assertThat(chosen(TagPolicy.fromMap(Map.of("policy", alphabetical)), tags))
                .isEqualTo("c-dirty");
        assertThat(chosen(
                        TagPolicy.fromMap(Map.of("policy", alphabetical, "exclusionList", List.of(".*-dirty"))), tags))
                .isEqualTo("b.sig");
        assertThat(chosen(TagPolicy.fromMap(Map.of("policy", alphabetical, "exclusionList", List.of())), tags))
                .isEqualTo("c-dirty");
    }

    @Test
    void policyRoundTripsThroughItsMap() {
        TagPolicy policy = seed(SEED_V1);

        assertThat(TagPolicy.fromMap(policy.toMap())).isEqualTo(policy);
        assertThat(policy.toMap())
                .isEqualTo(Map.of(
                        "policy", Map.of("alphabetical", Map.of("order", "asc")),
                        "filterTags", Map.of("pattern", SEED_V1, "extract", "$datetime"),
                        "exclusionList", List.of("^.*\\.sig$")));
    }

    static Stream<Arguments> invalidPolicies() {
        return Stream.of(
                Arguments.of(Map.of("policy", Map.of("semver", Map.of("range", ">=1.2.0 <"))), "semver.range"),
                Arguments.of(Map.of("policy", Map.of("semver", Map.of("range", "~1.y"))), "semver.range"),
                Arguments.of(Map.of("policy", Map.of("semver", Map.of("range", ""))), "semver.range"),
                Arguments.of(Map.of("policy", Map.of("semver", Map.of("range", "1.x.3"))), "semver.range"),
                Arguments.of(Map.of("policy", Map.of("semver", Map.of("range", "!=1.2"))), "semver.range"),
                Arguments.of(Map.of("policy", Map.of("semver", Map.of("range", "1.2 - "))), "semver.range"),
                Arguments.of(Map.of("policy", Map.of("semver", Map.of("range", ">*"))), "semver.range"),
                Arguments.of(Map.of("policy", Map.of("semver", Map.of())), "policy.semver.range"),
                Arguments.of(Map.of("policy", Map.of("numerical", Map.of("order", "up"))), "policy.numerical.order"),
                Arguments.of(Map.of("policy", Map.of("newest", Map.of())), "policy"),
                Arguments.of(Map.of("policy", Map.of()), "policy"),
                Arguments.of(Map.of(), "policy"),
                Arguments.of(Map.of("policy", Map.of("alphabetical", Map.of()), "filter", Map.of()), "filter"),
                Arguments.of(alphabeticalWith(Map.of("pattern", "v1_(?P<datetime>.*")), "filterTags.pattern"),
                Arguments.of(alphabeticalWith(Map.of("pattern", "(a)\\1")), "filterTags.pattern"),
                Arguments.of(alphabeticalWith(Map.of("pattern", "(?=a)b")), "filterTags.pattern"),
                Arguments.of(alphabeticalWith(Map.of("extract", "$x")), "filterTags.pattern"),
                Arguments.of(
                        alphabeticalWith(Map.of("pattern", "(?P<ts>.*)", "extract", "$datetime")),
                        "filterTags.extract"),
                Arguments.of(alphabeticalWith(Map.of("pattern", "(?P<ts>.*)", "extract", "$2")), "filterTags.extract"),
                Arguments.of(
                        alphabeticalWith(Map.of("pattern", "(?P<ts>.*)", "extract", "${ts")), "filterTags.extract"),
                Arguments.of(
                        alphabeticalWith(Map.of("pattern", "(?P<ts>.*)", "extract", "a$-b")), "filterTags.extract"),
                Arguments.of(
                        Map.of("policy", Map.of("alphabetical", Map.of()), "exclusionList", List.of("[")),
                        "exclusionList"),
                Arguments.of(
                        Map.of("policy", Map.of("alphabetical", Map.of()), "exclusionList", "x"), "exclusionList"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("invalidPolicies")
    void invalidPoliciesAreRefusedNamingTheField(Map<String, Object> written, String field) {
        assertThatThrownBy(() -> TagPolicy.fromMap(written)).isInstanceOfSatisfying(TrebuchetException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IMAGE_POLICY);
            assertThat(e.details()).containsEntry("field", field);
            assertThat(e.getMessage()).startsWith(field.equals("semver.range") ? "semver range" : field);
        });
    }

    @Test
    void patternsRunInLinearTime() {
        // A pattern that takes exponential time with backtracking engines.
        TagPolicy policy = TagPolicy.fromMap(
                Map.of("policy", Map.of("alphabetical", Map.of()), "filterTags", Map.of("pattern", "(a+)+b")));
        String tag = "a".repeat(120);

        assertThat(TagChooser.choose(policy, List.of(tag))).isInstanceOf(TagChoice.NoCandidate.class);
    }

    private static Map<String, Object> alphabeticalWith(Map<String, Object> filterTags) {
        return Map.of("policy", Map.of("alphabetical", Map.of()), "filterTags", filterTags);
    }

    private static TagPolicy seed(String pattern) {
        return TagPolicy.fromMap(Map.of(
                "policy", Map.of("alphabetical", Map.of("order", "asc")),
                "filterTags", Map.of("pattern", pattern, "extract", "$datetime")));
    }

    private static String chosen(TagPolicy policy, List<String> tags) {
        TagChoice choice = TagChooser.choose(policy, tags);
        assertThat(choice).isInstanceOf(TagChoice.Chosen.class);
        return ((TagChoice.Chosen) choice).tag();
    }
}
