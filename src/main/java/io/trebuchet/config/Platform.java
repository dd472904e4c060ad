package io.trebuchet.config;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A platform as declared in a platform directory: its settings, environments, applications and stacks. It is also the
 * body of the plan and apply requests, so the server checks it as strictly as the CLI does.
 */
public record Platform(
        PlatformSettings platform,
        List<EnvironmentDeclaration> environments,
        List<ApplicationDeclaration> applications,
        List<StackDeclaration> stacks) {
    public static final int MAX_ITEMS = 10_000;

    public Platform {
        platform = platform == null ? PlatformSettings.EMPTY : platform;
        environments = checked(
                environments, "environments", declaration -> declaration.name().value());
        applications = checked(
                applications, "applications", declaration -> declaration.name().value());
        stacks = checked(stacks, "stacks", declaration -> declaration.name().value());
    }

    public Platform(
            PlatformSettings platform,
            List<EnvironmentDeclaration> environments,
            List<ApplicationDeclaration> applications) {
        this(platform, environments, applications, List.of());
    }

    private static <T> List<T> checked(List<T> items, String field, Function<T, String> name) {
        if (items == null) {
            return List.of();
        }
        if (items.size() > MAX_ITEMS) {
            throw invalid(field, "has more than %d entries".formatted(MAX_ITEMS));
        }
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            requireNonNull(item, field + " contains null");
            if (!seen.add(name.apply(item))) {
                throw invalid(field, "declare %s twice".formatted(name.apply(item)));
            }
        }
        return List.copyOf(items);
    }

    private static TrebuchetException invalid(String field, String message) {
        return new TrebuchetException(
                ErrorCode.INVALID_PLATFORM_CONFIG, "%s %s".formatted(field, message), Map.of("field", field));
    }
}
