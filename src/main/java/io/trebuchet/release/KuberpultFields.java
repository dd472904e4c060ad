package io.trebuchet.release;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of Kuberpult's release form (v13.55, {@code frontend-service/pkg/handler/release.go}) beyond the fields
 * Trebuchet stores: which file parts a route accepts, and the options Kuberpult has and Trebuchet refuses rather than
 * ignores. Pure: a {@link ReleaseResource.Form} in, an exception or nothing out.
 */
final class KuberpultFields {
    private static final Pattern MANIFEST_FILE = Pattern.compile("manifests\\[[^]]+]");
    private static final Pattern SIGNATURE_FILE = Pattern.compile("signatures\\[[^]]+]");
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{7,40}");
    private static final Pattern AUTHOR = Pattern.compile("[^<\\n]+( <[^@\\n]+@[^>\\n]+>)?");
    private static final Set<String> GO_TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> GO_FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private KuberpultFields() {}

    /** Kuberpult's {@code /release} keeps a source commit id only if it is 7 to 40 lowercase hex digits. */
    static boolean isCommitId(String value) {
        return COMMIT_ID.matcher(value).matches();
    }

    /** Kuberpult's {@code /release} keeps a source author only in the form {@code name} or {@code name <mail>}. */
    static boolean isAuthor(String value) {
        return AUTHOR.matcher(value).matches();
    }

    static void check(ReleaseResource.Form form) {
        for (String file : form.files()) {
            boolean manifest = MANIFEST_FILE.matcher(file).matches();
            // /release lets any file whose name contains "signatures" through; Trebuchet also reads
            // signatures[<env>] on /api/release, where Kuberpult's keyring check does not exist.
            boolean signature = form.endpoint() == ReleaseResource.Endpoint.LEGACY
                    ? file.contains("signatures")
                    : SIGNATURE_FILE.matcher(file).matches();
            if (!manifest && !signature) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_REQUEST,
                        "invalid manifest form file '%s': a file part must be named manifests[<environment>]"
                                .formatted(file),
                        Map.of("field", file));
            }
        }
        if (form.fields().containsKey("revision")) {
            throw unsupported(
                    "revision",
                    "revisions are not enabled (Kuberpult refuses them too unless frontend.enableRevisions is set)");
        }
        List<String> previous = form.fields().getOrDefault("previous_commit_id", List.of());
        if (!previous.isEmpty()) {
            if (previous.size() != 1) {
                throw invalid("previous_commit_id", "is given %d times; give it once".formatted(previous.size()));
            }
            if (form.endpoint() == ReleaseResource.Endpoint.LEGACY && !isCommitId(previous.getFirst())) {
                throw invalid(
                        "previous_commit_id", "'%s' is not a commit id (7 to 40 hex digits)".formatted(clip(previous)));
            }
        }
        if (form.endpoint() == ReleaseResource.Endpoint.LEGACY) {
            // Kuberpult's old route reads none of the newer options: they are ignored there, as by Kuberpult.
            return;
        }
        List<String> prepublish = form.fields().getOrDefault("is_prepublish", List.of());
        if (!prepublish.isEmpty()) {
            if (prepublish.size() != 1) {
                throw invalid("is_prepublish", "is given %d times; give it once".formatted(prepublish.size()));
            }
            String value = prepublish.getFirst();
            if (GO_TRUE.contains(value)) {
                throw unsupported(
                        "is_prepublish",
                        "prepublished releases are not supported: leave is_prepublish out or set it to false");
            }
            if (!GO_FALSE.contains(value)) {
                throw invalid("is_prepublish", "'%s' is not true or false".formatted(clip(prepublish)));
            }
        }
        List<String> downstream = form.fields().getOrDefault("deploy_to_downstream_environments", List.of());
        if (downstream.stream().anyMatch(environment -> !environment.isEmpty())) {
            throw unsupported(
                    "deploy_to_downstream_environments",
                    "deploying a release to downstream environments at creation is not supported: deploy it with"
                            + " POST /api/v1/environments/<env>/applications/<app>/deploy or a release train");
        }
        if (form.fields().containsKey("experimentalArgoBracket")) {
            throw unsupported("experimentalArgoBracket", "Argo CD brackets are not supported");
        }
    }

    private static String clip(List<String> values) {
        String value = values.getFirst();
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }

    private static TrebuchetException invalid(String field, String message) {
        return new TrebuchetException(ErrorCode.INVALID_REQUEST, field + " " + message, Map.of("field", field));
    }

    private static TrebuchetException unsupported(String option, String message) {
        return new TrebuchetException(
                ErrorCode.UNSUPPORTED_OPTION, "%s: %s".formatted(option, message), Map.of("option", option));
    }
}
