package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.schedule.HumanDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An application's image source: the image repository to watch, how to sign in to its registry (anonymously, or a
 * user name and a file the server reads the password from, so that no secret is kept in the store or in git), how
 * often to look, the template parameters that receive the chosen tag and its digest, and the tag policy.
 *
 * <p>Written as a map (JSON or YAML): {@code image}, {@code interval} (default {@code 5m}, at least {@code 10s}),
 * {@code tagParameter} (default {@code image.tag}), {@code digestParameter}, {@code credentials} ({@code username},
 * {@code passwordFile}), and the policy's {@code policy}, {@code filterTags}, {@code exclusionList}.
 */
public record ImageSource(
        AppName application,
        String name,
        ImageReference image,
        Optional<String> username,
        Optional<Path> passwordFile,
        HumanDuration interval,
        String tagParameter,
        Optional<String> digestParameter,
        TagPolicy policy) {
    public static final String DEFAULT_NAME = "image";
    public static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(10);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*");
    private static final Set<String> FIELDS = Set.of(
            "image",
            "interval",
            "tagParameter",
            "digestParameter",
            "credentials",
            "policy",
            "filterTags",
            "exclusionList");

    public ImageSource {
        requireNonNull(application, "application is null");
        requireNonNull(name, "name is null");
        requireNonNull(image, "image is null");
        requireNonNull(username, "username is null");
        requireNonNull(passwordFile, "passwordFile is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(tagParameter, "tagParameter is null");
        requireNonNull(digestParameter, "digestParameter is null");
        requireNonNull(policy, "policy is null");
        checkName(name);
        if (interval.value().compareTo(SHORTEST_INTERVAL) < 0) {
            throw invalid("interval", "must be at least 10s, got " + interval.text());
        }
        checkParameter("tagParameter", tagParameter);
        digestParameter.ifPresent(parameter -> checkParameter("digestParameter", parameter));
        if (username.isPresent() != passwordFile.isPresent()) {
            throw invalid("credentials", "need both username and passwordFile, or neither");
        }
    }

    public static void checkName(String name) {
        if (name.length() > 39 || !NAME.matcher(name).matches()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_IMAGE_SOURCE,
                    "image source name '%s' must be lowercase letters, digits and inner dashes, at most 39 characters"
                            .formatted(name),
                    Map.of("field", "name"));
        }
    }

    /** Reads a source written as a map; refuses it naming the field that is wrong. */
    public static ImageSource fromMap(AppName application, String name, Map<String, ?> written) {
        requireNonNull(written, "written is null");
        for (String key : written.keySet()) {
            if (!FIELDS.contains(key)) {
                throw invalid(
                        key,
                        "is not a field of an image source (known: %s)"
                                .formatted(String.join(
                                        ", ", FIELDS.stream().sorted().toList())));
            }
        }
        ImageReference image =
                ImageReference.parse(text(written, "image").orElseThrow(() -> invalid("image", "is missing")));
        HumanDuration interval = HumanDuration.parse(text(written, "interval").orElse("5m"), "interval");
        Optional<String> username = Optional.empty();
        Optional<Path> passwordFile = Optional.empty();
        Object credentials = written.get("credentials");
        if (credentials != null) {
            if (!(credentials instanceof Map<?, ?> map)) {
                throw invalid("credentials", "must be a mapping with username and passwordFile");
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> fields = (Map<String, ?>) map;
            for (String key : fields.keySet()) {
                if (!key.equals("username") && !key.equals("passwordFile")) {
                    throw invalid("credentials." + key, "is not a field (known: passwordFile, username)");
                }
            }
            username = text(fields, "username");
            passwordFile = text(fields, "passwordFile").map(Path::of);
            if (passwordFile.isPresent() && !passwordFile.get().isAbsolute()) {
                throw invalid("credentials.passwordFile", "must be an absolute path");
            }
        }
        Map<String, Object> policy = new LinkedHashMap<>();
        for (String key : Set.of("policy", "filterTags", "exclusionList")) {
            if (written.get(key) != null) {
                policy.put(key, written.get(key));
            }
        }
        return new ImageSource(
                application,
                name,
                image,
                username,
                passwordFile,
                interval,
                text(written, "tagParameter").orElse("image.tag"),
                text(written, "digestParameter"),
                TagPolicy.fromMap(policy));
    }

    /** The source as {@link #fromMap} reads it. */
    public Map<String, Object> toMap() {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("image", image.toString());
        written.put("interval", interval.text());
        written.put("tagParameter", tagParameter);
        digestParameter.ifPresent(parameter -> written.put("digestParameter", parameter));
        username.ifPresent(user -> written.put(
                "credentials",
                Map.of(
                        "username",
                        user,
                        "passwordFile",
                        passwordFile.orElseThrow().toString())));
        written.putAll(policy.toMap());
        return written;
    }

    private static Optional<String> text(Map<String, ?> written, String field) {
        Object value = written.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return Optional.of(text);
        }
        throw invalid(field, "must be a string");
    }

    private static void checkParameter(String field, String parameter) {
        if (parameter.length() > 200 || !PARAMETER.matcher(parameter).matches()) {
            throw invalid(
                    field,
                    "'%s' is not a template parameter name (letters, digits, _ and -, dot-separated)"
                            .formatted(parameter));
        }
    }

    private static TrebuchetException invalid(String field, String problem) {
        return new TrebuchetException(
                ErrorCode.INVALID_IMAGE_SOURCE, "%s %s".formatted(field, problem), Map.of("field", field));
    }
}
