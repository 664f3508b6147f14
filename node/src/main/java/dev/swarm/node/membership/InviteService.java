package dev.swarm.node.membership;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.invite.InviteClaims;
import dev.swarm.node.invite.InviteTokens;
import dev.swarm.node.invite.InviteUrl;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Invite;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Issues invite tokens for swarms this node is master of, records them for use counting, lists them
 * and revokes them.
 */
public final class InviteService {
    public static final Duration DEFAULT_EXPIRY = Duration.ofHours(24);
    public static final Duration MAX_EXPIRY = Duration.ofDays(365);

    private final Database database;
    private final Identity identity;
    private final Clock clock;

    public InviteService(Database database, Identity identity, Clock clock) {
        this.database = database;
        this.identity = identity;
        this.clock = clock;
    }

    /** An issued invite: the URL to hand out and its record. */
    public record Issued(InviteUrl url, Invite invite) {
    }

    /** The invites this node issued, for one swarm or (null) every swarm, oldest first. */
    public List<Invite> list(String swarmId) {
        return database.read(store -> store.invites().list(swarmId));
    }

    /** The invite that {@link #revoke} would revoke; refuses as it would, without changing anything. */
    public Invite check(String inviteId) {
        return database.read(store -> revocable(store, inviteId));
    }

    /**
     * Revokes an invite of a swarm this node is master of: a join with its token is refused with
     * {@code INVALID_TOKEN} from now on. Revoking it again changes nothing and reports the first time.
     */
    public Invite revoke(String inviteId) {
        String at = Timestamps.format(clock.instant());
        return database.write(store -> {
            revocable(store, inviteId);
            store.invites().revoke(inviteId, at);
            return store.invites().find(inviteId).orElseThrow();
        });
    }

    private Invite revocable(Store store, String inviteId) {
        Invite invite = store.invites().find(inviteId).orElseThrow(() -> new SwarmException(ErrorCode.NOT_FOUND,
                "no invite " + inviteId + " was issued by this node (see 'swarm invite list')"));
        Swarm swarm = store.swarms().find(invite.swarmId()).orElseThrow();
        if (!swarm.master().equals(identity.agentId())) {
            throw new SwarmException(ErrorCode.NOT_MASTER, "only the master of swarm " + swarm.swarmId() + " ("
                    + swarm.master() + ") can revoke its invites");
        }
        return invite;
    }

    public Issued issue(Swarm swarm, Duration expiresIn, Integer maxUses) {
        if (!swarm.isActive()) {
            throw new SwarmException(ErrorCode.NOT_MEMBER, "swarm " + swarm.swarmId() + " is " + swarm.state());
        }
        if (!swarm.master().equals(identity.agentId())) {
            throw new SwarmException(ErrorCode.NOT_MASTER, "only the master of swarm " + swarm.swarmId() + " ("
                    + swarm.master() + ") can issue invites");
        }
        if (expiresIn.isNegative() || expiresIn.isZero() || expiresIn.compareTo(MAX_EXPIRY) > 0) {
            throw SwarmException.invalidArgument("an invite expires after more than 0 and at most "
                    + MAX_EXPIRY.toHours() + " hours");
        }
        if (maxUses != null && maxUses < 1) {
            throw SwarmException.invalidArgument("--max-uses must be at least 1");
        }
        Instant now = clock.instant();
        String expiresAt = Timestamps.format(now.plus(expiresIn));
        InviteClaims claims = new InviteClaims(swarm.swarmId(), identity.agentId(), identity.endpoint(),
                now.getEpochSecond(), expiresAt, maxUses, Identifiers.newUuid());
        String token = InviteTokens.issue(claims, identity.jdkPrivateKey());
        Invite invite = new Invite(claims.jti(), swarm.swarmId(), InviteTokens.contentId(token), Timestamps.format(now),
                expiresAt, maxUses, 0, null);
        database.write(store -> {
            store.invites().insert(invite);
            return null;
        });
        return new Issued(InviteUrl.of(claims, token), invite);
    }
}
