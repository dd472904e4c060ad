package io.trebuchet.train;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.VisibleText;
import java.util.Map;
import java.util.Optional;

/**
 * A release train to run: where, which applications, and the CI run that asked for it ({@code ciLink}, as Kuberpult
 * takes it in the JSON body of its release train endpoints), recorded with the train's events.
 */
public record TrainRequest(TrainTarget target, TrainFilter filter, Optional<String> ciLink) {
    static final int MAX_CI_LINK = 2048;

    public TrainRequest {
        requireNonNull(target, "target is null");
        requireNonNull(filter, "filter is null");
        requireNonNull(ciLink, "ciLink is null");
        ciLink = ciLink.filter(link -> !link.isEmpty());
        ciLink.ifPresent(link -> {
            if (link.length() > MAX_CI_LINK || !(link.startsWith("https://") || link.startsWith("http://"))) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_REQUEST,
                        "ciLink must be an http(s) URL of at most %d characters".formatted(MAX_CI_LINK),
                        Map.of("field", "ciLink"));
            }
            VisibleText.line(link, ErrorCode.INVALID_REQUEST, "ciLink");
        });
    }

    /** A train without a CI link. */
    public static TrainRequest of(TrainTarget target, TrainFilter filter) {
        return new TrainRequest(target, filter, Optional.empty());
    }
}
