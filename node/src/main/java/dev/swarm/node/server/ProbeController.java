package dev.swarm.node.server;

import dev.swarm.node.protocol.Json;
import io.javalin.http.Context;

/** {@code POST /swarm/probe}: a member asks this node to call it back (docs/protocol.md, "Reachability probe"). */
final class ProbeController {
    private final ProbeHandler probes;
    private final Admission admission;

    ProbeController(ProbeHandler probes, Admission admission) {
        this.probes = probes;
        this.admission = admission;
    }

    void probe(Context ctx) {
        admission.handle(ctx, probes::probe, (c, answer) ->
                c.status(200).contentType("application/json").result(Json.toBytes(answer)));
    }
}
