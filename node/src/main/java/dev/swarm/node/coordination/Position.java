package dev.swarm.node.coordination;

/**
 * Where the master's acknowledgement put an event: the master's epoch (when it became master, a
 * protocol timestamp, so text order is time order) and the sequence number it gave. Positions of a
 * later master sort after those of an earlier one.
 */
public record Position(String epoch, long seq) implements Comparable<Position> {
    @Override
    public int compareTo(Position other) {
        int byEpoch = epoch.compareTo(other.epoch);
        return byEpoch != 0 ? byEpoch : Long.compare(seq, other.seq);
    }
}
