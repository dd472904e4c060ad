package io.trebuchet.release;

import io.trebuchet.core.Actor;

/**
 * What takes a release in through the API: creates it and rolls it out where {@code latest} is followed. The deploy
 * feature does the rolling out ({@code io.trebuchet.deploy.ReleaseIntakeService}); the composition root hands it to
 * {@link ReleaseResource}, which only reads the request.
 */
@FunctionalInterface
public interface ReleaseIntake {
    ReleaseOutcome release(ReleaseRequest request, Actor actor);
}
