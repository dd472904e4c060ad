package io.trebuchet.deploy;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a deployment changed. */
public enum DeploymentReason {
    MANUAL("manual"),
    AUTO("auto"),
    TRAIN("train"),
    IMAGE_POLICY("image-policy");

    private final String label;

    DeploymentReason(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    static DeploymentReason fromLabel(String label) {
        for (DeploymentReason reason : values()) {
            if (reason.label.equals(label)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown deployment reason " + label);
    }
}
