package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which tag of an image is the newest, in Flux's words: a {@code policy} ({@code semver.range},
 * {@code numerical.order} or {@code alphabetical.order}), an optional {@code filterTags} ({@code pattern},
 * {@code extract}) and an exclusion list (the field named exclusionList) of patterns whose tags are never candidates (by default
 * {@code ^.*\.sig$}, the signature tags of cosign; an empty list excludes nothing).
 */
public record TagPolicy(TagOrdering ordering, Optional<TagFilter> filter, List<TagPattern> exclusions) {
    public static final List<String> DEFAULT_EXCLUSIONS = List.of("^.*\\.sig$");
    static final int MAX_EXCLUSIONS = 25;

    public TagPolicy {
        requireNonNull(ordering, "ordering is null");
        requireNonNull(filter, "filter is null");
        exclusions = List.copyOf(exclusions);
        if (exclusions.size() > MAX_EXCLUSIONS) {
            throw invalid("exclusionList", "has more than %d patterns".formatted(MAX_EXCLUSIONS));
        }
    }

    /** The newest semver tag in the range, without a filter, with the default exclusions. */
    static TagPolicy semver(String range) {
        return new TagPolicy(new TagOrdering.Semver(SemverRange.parse(range)), Optional.empty(), defaultExclusions());
    }

    static List<TagPattern> defaultExclusions() {
        return DEFAULT_EXCLUSIONS.stream()
                .map(pattern -> TagPattern.compile(pattern, "exclusionList"))
                .toList();
    }

    /**
     * Reads a policy written as a map (YAML or JSON): {@code policy}, {@code filterTags}, {@code exclusionList}.
     * Refuses anything else with {@code INVALID_IMAGE_POLICY} naming the field.
     */
    public static TagPolicy fromMap(Map<String, ?> written) {
        requireNonNull(written, "written is null");
        onlyKeys(written, "", Set.of("policy", "filterTags", "exclusionList"));
        Map<String, ?> policy = map(written.get("policy"), "policy");
        if (policy.size() != 1) {
            throw invalid("policy", "must name exactly one of semver, numerical, alphabetical");
        }
        String kind = policy.keySet().iterator().next();
        Map<String, ?> settings = map(policy.get(kind), "policy." + kind);
        TagOrdering ordering = switch (kind) {
            case "semver" -> {
                onlyKeys(settings, "policy.semver.", Set.of("range"));
                yield new TagOrdering.Semver(SemverRange.parse(text(settings.get("range"), "policy.semver.range")));
            }
            case "numerical", "alphabetical" -> {
                onlyKeys(settings, "policy." + kind + ".", Set.of("order"));
                Object order = settings.get("order");
                SortOrder sortOrder = order == null
                        ? SortOrder.ASC
                        : SortOrder.parse(text(order, "policy." + kind + ".order"), "policy." + kind + ".order");
                yield kind.equals("numerical")
                        ? new TagOrdering.Numerical(sortOrder)
                        : new TagOrdering.Alphabetical(sortOrder);
            }
            default ->
                throw invalid("policy", "names '%s'; it must be semver, numerical or alphabetical".formatted(kind));
        };
        Optional<TagFilter> filter = Optional.empty();
        if (written.get("filterTags") != null) {
            Map<String, ?> filterTags = map(written.get("filterTags"), "filterTags");
            onlyKeys(filterTags, "filterTags.", Set.of("pattern", "extract"));
            Object extract = filterTags.get("extract");
            if (filterTags.get("pattern") == null) {
                throw invalid("filterTags.pattern", "is missing");
            }
            filter = Optional.of(TagFilter.of(
                    text(filterTags.get("pattern"), "filterTags.pattern"),
                    extract == null ? "" : text(extract, "filterTags.extract")));
        }
        List<TagPattern> exclusions;
        Object exclusionList = written.get("exclusionList");
        if (exclusionList == null) {
            exclusions = defaultExclusions();
        } else if (exclusionList instanceof List<?> list) {
            exclusions = new ArrayList<>();
            for (Object pattern : list) {
                exclusions.add(TagPattern.compile(text(pattern, "exclusionList"), "exclusionList"));
            }
        } else {
            throw invalid("exclusionList", "must be a list of patterns");
        }
        return new TagPolicy(ordering, filter, exclusions);
    }

    /** The policy in words: which tag it chooses, among which tags. */
    public String describe() {
        String value = filter.filter(tagFilter -> !tagFilter.extract().isEmpty())
                .map(tagFilter -> "value (" + tagFilter.extract() + ")")
                .orElse("tag");
        String choice = switch (ordering) {
            case TagOrdering.Semver(SemverRange range) -> "the highest semantic version in " + range.text();
            case TagOrdering.Numerical(SortOrder order) ->
                (order == SortOrder.ASC ? "the highest " : "the lowest ") + "numerical " + value;
            case TagOrdering.Alphabetical(SortOrder order) ->
                (order == SortOrder.ASC ? "the last " : "the first ") + "alphabetical " + value;
        };
        String among = filter.map(tagFilter ->
                        " among tags matching " + tagFilter.pattern().text())
                .orElse("");
        String except = exclusions.isEmpty()
                ? ""
                : ", except "
                        + String.join(
                                " and ",
                                exclusions.stream().map(TagPattern::text).toList());
        return choice + among + except;
    }

    /** The policy as {@link #fromMap} reads it. */
    public Map<String, Object> toMap() {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put(
                "policy",
                switch (ordering) {
                    case TagOrdering.Semver(SemverRange range) -> Map.of("semver", Map.of("range", range.text()));
                    case TagOrdering.Numerical(SortOrder order) -> Map.of("numerical", Map.of("order", order.text()));
                    case TagOrdering.Alphabetical(SortOrder order) ->
                        Map.of("alphabetical", Map.of("order", order.text()));
                });
        filter.ifPresent(tagFilter -> {
            Map<String, Object> filterTags = new LinkedHashMap<>();
            filterTags.put("pattern", tagFilter.pattern().text());
            if (!tagFilter.extract().isEmpty()) {
                filterTags.put("extract", tagFilter.extract());
            }
            written.put("filterTags", filterTags);
        });
        written.put("exclusionList", exclusions.stream().map(TagPattern::text).toList());
        return written;
    }

    private static void onlyKeys(Map<String, ?> written, String prefix, Set<String> known) {
        for (String key : written.keySet()) {
            if (!known.contains(key)) {
                throw invalid(
                        prefix + key,
                        "is not a field (known: %s)"
                                .formatted(String.join(
                                        ", ", known.stream().sorted().toList())));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> map(Object value, String field) {
        if (value instanceof Map<?, ?> map && map.keySet().stream().allMatch(String.class::isInstance)) {
            return (Map<String, ?>) map;
        }
        throw invalid(field, value == null ? "is missing" : "must be a mapping");
    }

    private static String text(Object value, String field) {
        if (value instanceof String string) {
            return string;
        }
        throw invalid(field, value == null ? "is missing" : "must be a string");
    }

    static TrebuchetException invalid(String field, String problem) {
        return new TrebuchetException(
                ErrorCode.INVALID_IMAGE_POLICY, "%s %s".formatted(field, problem), Map.of("field", field));
    }
}
