package dev.swarm.node.server;

import io.javalin.config.RoutesConfig;

/**
 * Routes added to the local API beside its own {@code /api} (the dashboard, {@code /metrics}). Each
 * brings its own authentication: only the loopback {@code Host} check applies to every route.
 */
@FunctionalInterface
public interface LocalRoutes {
    void register(RoutesConfig routes);
}
