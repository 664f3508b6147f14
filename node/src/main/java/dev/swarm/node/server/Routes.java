package dev.swarm.node.server;

import io.javalin.config.RoutesConfig;

/** The public routes, all of them, in one table (PROTOCOL.md sections 2, 4 and 6; the probe: docs/protocol.md). */
final class Routes {
    static final String PREFIX = "/swarm";

    private Routes() {
    }

    static void register(RoutesConfig routes, MessageController messages, JoinController joins, InfoController info,
                         ProbeController probes) {
        routes.post(PREFIX + "/message", messages::receive);
        routes.post(PREFIX + "/probe", probes::probe);
        routes.post(PREFIX + "/join", joins::join);
        routes.get(PREFIX + "/info", info::info);
        routes.get(PREFIX + "/health", info::health);
    }
}
