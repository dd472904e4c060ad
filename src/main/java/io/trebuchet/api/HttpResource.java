package io.trebuchet.api;

import io.javalin.config.RoutesConfig;

/** A feature's HTTP routes. */
@FunctionalInterface
public interface HttpResource {
    void register(RoutesConfig routes);
}
