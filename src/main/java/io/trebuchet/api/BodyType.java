package io.trebuchet.api;

import java.util.Locale;
import java.util.Optional;

/** A content type that a write endpoint reads its body as. */
public enum BodyType {
    JSON("application/json"),
    /** What Kuberpult's clients send releases and environments as ({@code curl -F}). */
    MULTIPART("multipart/form-data"),
    /** What HTML forms and {@code curl -d} send. */
    FORM("application/x-www-form-urlencoded"),
    /** What a registry's notifications (distribution's {@code notifications.endpoints}) are sent as: JSON. */
    REGISTRY_EVENTS("application/vnd.docker.distribution.events.v1+json");

    private final String mediaType;

    BodyType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The body type a {@code Content-Type} header names, its parameters ({@code charset}, {@code boundary}) aside. */
    static Optional<BodyType> of(String contentType) {
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        for (BodyType type : values()) {
            if (type.mediaType.equals(mediaType)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
