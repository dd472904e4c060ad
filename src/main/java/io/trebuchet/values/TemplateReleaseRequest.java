package io.trebuchet.values;

import io.trebuchet.core.Version;
import io.trebuchet.template.Values;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A release that carries parameters (such as {@code image.tag}) instead of manifests; the server renders the
 * application's template with them for every environment it is configured for.
 */
public record TemplateReleaseRequest(
        Optional<Version> version,
        Map<String, Object> parameters,
        Optional<String> sourceCommitId,
        Optional<String> sourceAuthor,
        Optional<String> sourceMessage,
        Optional<String> displayVersion,
        Optional<String> ciLink) {
    public TemplateReleaseRequest {
        version = version == null ? Optional.empty() : version;
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(parameters));
        Values.flatten(parameters, "parameters");
        sourceCommitId = sourceCommitId == null ? Optional.empty() : sourceCommitId;
        sourceAuthor = sourceAuthor == null ? Optional.empty() : sourceAuthor;
        sourceMessage = sourceMessage == null ? Optional.empty() : sourceMessage;
        displayVersion = displayVersion == null ? Optional.empty() : displayVersion;
        ciLink = ciLink == null ? Optional.empty() : ciLink;
    }
}
