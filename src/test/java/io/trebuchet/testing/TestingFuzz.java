package io.trebuchet.testing;

import io.trebuchet.core.TrebuchetException;

/**
 * What a fuzz target may do with any input: accept it, or refuse it with a {@link TrebuchetException} whose code the
 * API answers with a 4xx. Any other exception, a 5xx code, a hang or a crash of the JVM is a finding.
 */
public final class TestingFuzz {
    private TestingFuzz() {}

    /** Runs {@code work}; returns whether it accepted the input, and fails on anything but a 4xx refusal. */
    public static boolean acceptsOrRefuses(Runnable work) {
        try {
            work.run();
            return true;
        } catch (TrebuchetException e) {
            int status = e.code().httpStatus();
            if (status < 400 || status > 499) {
                throw new AssertionError("refused with %s (%d): %s".formatted(e.code(), status, e.getMessage()), e);
            }
            return false;
        }
    }
}
