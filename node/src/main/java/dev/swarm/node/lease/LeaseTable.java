package dev.swarm.node.lease;

import dev.swarm.node.coordination.OrderBasis;
import dev.swarm.node.protocol.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who holds which paths, folded from a swarm's lease messages identically on every node that has the
 * same messages, acknowledgements and members: events in the order of the issue board
 * ({@link OrderBasis#order}: the master's acknowledgements first, then tentatively by stated time).
 * In that order:
 * <ul>
 *   <li>a <b>take</b> is refused (a conflict) when an earlier lease of another current member in the
 *   same repository, still active and not expired at the time the take says it was written, has a glob
 *   that overlaps one of its globs and either lease is exclusive; an overlapping lease that had expired
 *   by then is closed (it can no longer be renewed);</li>
 *   <li>a <b>renewal</b> by the holder sets a new expiry if its lease is active and had not expired when
 *   the renewal was written;</li>
 *   <li>a <b>release</b> by the holder ends an active lease.</li>
 * </ul>
 * Messages about a lease that do not come from its holder find no lease (leases are keyed by holder
 * and id) and change nothing. At {@code now}, an active lease past its expiry is {@code expired}, and
 * one whose holder is no longer a member (left, kicked) is {@code lapsed}; neither blocks anyone.
 */
public final class LeaseTable {
    public static final String ACTIVE = "active";
    public static final String EXPIRED = "expired";
    public static final String RELEASED = "released";
    public static final String LAPSED = "lapsed";
    public static final String REFUSED = "refused";

    private static final Comparator<LeaseEvent> ORDER = OrderBasis.order(LeaseEvent::position, LeaseEvent::orderAt,
            LeaseEvent::holder, LeaseEvent::messageId);

    private LeaseTable() {
    }

    /**
     * A lease as the table shows it. {@code status}: active, expired, released, lapsed, or refused (it
     * lost to {@code conflict}). {@code acknowledged}: the master acknowledged every message about it.
     */
    public record Lease(String leaseId, String holder, String repo, String mode, List<String> paths, String takenAt,
                        String expiresAt, String status, boolean acknowledged, Conflict conflict) {
        public Lease {
            paths = List.copyOf(paths);
        }

        public boolean active() {
            return ACTIVE.equals(status);
        }

        public boolean exclusive() {
            return LeaseEvent.Mode.EXCLUSIVE.wire().equals(mode);
        }
    }

    /**
     * The earlier lease a take lost to. {@code settled}: the master acknowledged both (or does not
     * acknowledge at all), so no message still on its way can change it.
     */
    public record Conflict(String leaseId, String holder, boolean settled) {
    }

    /** The swarm's leases, in the order they were taken. */
    public static List<Lease> compute(Collection<LeaseEvent> events, Set<String> members, boolean acknowledging,
                                      Instant now) {
        Map<String, Held> leases = new LinkedHashMap<>();
        for (LeaseEvent e : events.stream().sorted(ORDER).distinct().toList()) {
            String key = e.holder() + " " + e.leaseId();
            Held held = leases.get(key);
            switch (e.kind()) {
                case TAKEN -> {
                    if (held == null) {
                        leases.put(key, take(e, leases.values(), members, acknowledging));
                    }
                }
                case RENEWED -> {
                    if (held != null && held.status.equals(ACTIVE) && e.at().compareTo(held.expiresAt) < 0) {
                        held.expiresAt = e.expiresAt();
                        held.acknowledged &= e.acknowledged();
                    }
                }
                case RELEASED -> {
                    if (held != null && held.status.equals(ACTIVE)) {
                        held.status = RELEASED;
                        held.acknowledged &= e.acknowledged();
                    }
                }
                default -> throw new IllegalStateException(e.kind().toString());
            }
        }
        String at = Timestamps.format(now);
        List<Lease> table = new ArrayList<>();
        for (Held held : leases.values()) {
            String status = held.status;
            if (status.equals(ACTIVE) && !members.contains(held.taken.holder())) {
                status = LAPSED;
            } else if (status.equals(ACTIVE) && held.expiresAt.compareTo(at) <= 0) {
                status = EXPIRED;
            }
            LeaseEvent t = held.taken;
            table.add(new Lease(t.leaseId(), t.holder(), t.repo(), t.mode().wire(), t.globs(), t.at(), held.expiresAt,
                    status, acknowledging && held.acknowledged, held.conflict));
        }
        return table;
    }

    private static Held take(LeaseEvent e, Collection<Held> earlier, Set<String> members, boolean acknowledging) {
        Held lease = new Held(e);
        for (Held other : earlier) {
            if (!other.status.equals(ACTIVE) || other.taken.holder().equals(e.holder())
                    || !members.contains(other.taken.holder()) || !other.taken.repo().equals(e.repo())
                    || !other.taken.mode().excludes(e.mode()) || !overlap(other.taken.globs(), e.globs())) {
                continue;
            }
            if (other.expiresAt.compareTo(e.at()) <= 0) {
                other.status = EXPIRED;
                continue;
            }
            lease.status = REFUSED;
            lease.conflict = new Conflict(other.taken.leaseId(), other.taken.holder(),
                    !acknowledging || e.acknowledged() && other.taken.acknowledged());
            break;
        }
        return lease;
    }

    /** True when some glob of {@code a} overlaps some glob of {@code b}. */
    public static boolean overlap(List<String> a, List<String> b) {
        for (String x : a) {
            LeaseGlob glob = LeaseGlob.parse(x);
            for (String y : b) {
                if (glob.overlaps(LeaseGlob.parse(y))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One lease while folding. */
    private static final class Held {
        final LeaseEvent taken;
        String status = ACTIVE;
        String expiresAt;
        boolean acknowledged;
        Conflict conflict;

        Held(LeaseEvent taken) {
            this.taken = taken;
            this.expiresAt = taken.expiresAt();
            this.acknowledged = taken.acknowledged();
        }
    }
}
