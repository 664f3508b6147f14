package dev.swarm.node.coordination;

import dev.swarm.node.messaging.Incoming;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Swarm;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the daemon's node acknowledge what it holds unacknowledged in the swarms it is master of: once
 * at start (a crash may have come between becoming master and doing it) and after every stored system
 * message (a {@code master_transfer} may just have made this node master). Runs off the inbox writer's
 * thread, one swarm per transaction.
 */
public final class Takeover implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Takeover.class);

    private final String selfId;
    private final Database database;
    private final Sequencer sequencer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "coordination-takeover");
        thread.setDaemon(true);
        return thread;
    });

    public Takeover(String selfId, Database database, Sequencer sequencer) {
        this.selfId = selfId;
        this.database = database;
        this.sequencer = sequencer;
    }

    /** Catches up every swarm this node is master of, in the background. */
    public Takeover start() {
        worker.execute(() -> database.read(store -> store.swarms().active()).stream()
                .filter(swarm -> swarm.master().equals(selfId)).map(Swarm::swarmId).forEach(this::catchUp));
        return this;
    }

    /** A listener for newly stored messages: after a system message, its swarm is caught up. */
    public void stored(Incoming incoming) {
        if (incoming.envelope().type() == MessageType.SYSTEM) {
            String swarmId = incoming.envelope().swarmId();
            worker.execute(() -> catchUp(swarmId));
        }
    }

    private void catchUp(String swarmId) {
        try {
            if (database.read(store -> store.coordination().unacknowledged(swarmId)).isEmpty()) {
                return;
            }
            int acknowledged = database.write(store -> sequencer.catchUp(store, swarmId));
            if (acknowledged > 0) {
                LOG.info("acknowledged {} coordination events of swarm {} as its master", acknowledged, swarmId);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot acknowledge the backlog of swarm {}: {}", swarmId, e.toString());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
