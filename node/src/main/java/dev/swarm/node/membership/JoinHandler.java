package dev.swarm.node.membership;

import dev.swarm.node.delivery.Dispatcher;
import dev.swarm.node.messaging.Outbox;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.invite.InviteClaims;
import dev.swarm.node.invite.InviteTokens;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.JoinRequest;
import dev.swarm.node.protocol.JoinRequestCodec;
import dev.swarm.node.protocol.JoinResponse;
import dev.swarm.node.protocol.MemberInfo;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Invite;
import dev.swarm.node.state.JoinRequestRecord;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The master's side of {@code POST /join} (PROTOCOL.md 4 and 8.3). In order: the body's shape; the
 * token's signature with this node's key; the swarm is one we are active master of; the invite is
 * not revoked; a returning member (same key) gets the current members; a waiting request gets 202
 * again and a denied one is refused; the token has not expired; a use is left; then the agent becomes
 * a member (200, announced to the others before the joiner hears back) or waits for approval (202).
 * Everything from the invite check on is one transaction: a refused join changes nothing.
 */
public final class JoinHandler {
    private static final Duration ANNOUNCE_WAIT = Duration.ofSeconds(3);

    private final Database database;
    private final Identity identity;
    private final PublicKey verifyKey;
    private final MemberDirectory directory;
    private final Announcer announcer;
    private final Dispatcher dispatcher;
    private final EndpointPolicy endpoints;
    private final Clock clock;

    public JoinHandler(Database database, Identity identity, MemberDirectory directory, Announcer announcer,
                       Dispatcher dispatcher, EndpointPolicy endpoints, Clock clock) {
        this.database = database;
        this.identity = identity;
        this.verifyKey = dev.swarm.node.crypto.Ed25519.toJdkPublicKey(identity.publicKeyRaw());
        this.directory = directory;
        this.announcer = announcer;
        this.dispatcher = dispatcher;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /** The HTTP status (200 or 202) and body to answer with. */
    public record Result(int status, JoinResponse response) {
    }

    private record Decision(Result result, Outbox.Queued announcements) {
    }

    public Result handle(byte[] body) {
        JoinRequest request = JoinRequestCodec.parse(body, endpoints);
        InviteClaims claims = InviteTokens.verify(request.inviteToken(), verifyKey);
        if (!claims.master().equals(identity.agentId())) {
            throw new SwarmException(ErrorCode.INVALID_TOKEN, "invite token names master " + claims.master()
                    + " but this node is " + identity.agentId());
        }
        JoinRequest.JoinSender joiner = request.sender();
        if (joiner.agentId().equals(identity.agentId())) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "an agent cannot join under the master's own id");
        }
        boolean proven = JoinProof.verifies(request);
        if (request.keyProof() != null && !proven) {
            throw new SwarmException(ErrorCode.INVALID_SIGNATURE, "key_proof does not verify with the public key "
                    + joiner.agentId() + " joins with");
        }
        if (!proven && joiner.capabilities() != null
                && joiner.capabilities().contains(ProtocolVersion.ENVELOPE_SIGNATURE_V1)) {
            // our nodes always prove their key: one that announces our capability without it is a downgrade
            throw new SwarmException(ErrorCode.INVALID_SIGNATURE, "a node that announces "
                    + ProtocolVersion.ENVELOPE_SIGNATURE_V1 + " must prove its key with key_proof");
        }
        Instant now = clock.instant();
        Decision decision = database.write(store -> decide(store, request, claims, now, proven));
        if (!decision.announcements().rowIds().isEmpty()) {
            directory.invalidate(claims.swarmId());
            // a member already failing (backed off) is not waited for; the others at most ANNOUNCE_WAIT
            Set<String> failing = database.read(store ->
                    store.outbox().failingPeers(decision.announcements().peers()));
            dispatcher.dispatchAndAwait(decision.announcements().peers(), failing, ANNOUNCE_WAIT);
        }
        return decision.result();
    }

    private Decision decide(Store store, JoinRequest request, InviteClaims claims, Instant now, boolean proven) {
        String at = Timestamps.format(now);
        Swarm swarm = store.swarms().find(claims.swarmId()).filter(Swarm::isActive)
                .orElseThrow(() -> new SwarmException(ErrorCode.SWARM_NOT_FOUND, "this node has no swarm "
                        + claims.swarmId()));
        if (!swarm.master().equals(identity.agentId())) {
            throw new SwarmException(ErrorCode.NOT_MASTER, "this node is not the master of swarm " + swarm.swarmId()
                    + " (the master is " + swarm.master() + ")");
        }
        Invite invite = inviteFor(store, request.inviteToken(), claims, now);
        if (invite.revokedAt() != null) {
            throw new SwarmException(ErrorCode.INVALID_TOKEN, "invite " + invite.inviteId() + " was revoked");
        }
        if (!invite.swarmId().equals(swarm.swarmId())) {
            throw new SwarmException(ErrorCode.INVALID_TOKEN, "invite is for another swarm");
        }
        JoinRequest.JoinSender joiner = request.sender();
        // the token's own expiry, or the one recorded for a token that had none (see inviteFor)
        boolean expired = claims.isExpiredAt(now)
                || invite.expiresAt() != null && !now.isBefore(Timestamps.parse(invite.expiresAt()));
        Optional<Member> existing = store.members().find(swarm.swarmId(), joiner.agentId());
        if (existing.isPresent()) {
            return rejoin(store, swarm, existing.get(), joiner, new Rejoin(proven, expired, exhausted(invite),
                    approvedWith(store, swarm, joiner, invite)));
        }
        requireOwnKey(store, swarm, joiner);
        store.removedMembers().find(swarm.swarmId(), joiner.agentId(), joiner.publicKey()).ifPresent(removed -> {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, removed.agentId() + " was removed from swarm "
                    + swarm.swarmId() + " by the master and stays out until the master lets it back in");
        });
        Optional<JoinRequestRecord> earlier = store.joinRequests().find(swarm.swarmId(), joiner.agentId());
        if (earlier.isPresent() && JoinRequestRecord.DENIED.equals(earlier.get().status())) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "the master denied " + joiner.agentId()
                    + "'s request to join swarm " + swarm.swarmId());
        }
        if (earlier.isPresent() && JoinRequestRecord.PENDING.equals(earlier.get().status())) {
            if (!earlier.get().publicKey().equals(joiner.publicKey())) {
                throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "a request to join as " + joiner.agentId()
                        + " with another key is already waiting");
            }
            return new Decision(pending(swarm), Outbox.Queued.NONE);
        }
        if (expired) {
            throw new SwarmException(ErrorCode.TOKEN_EXPIRED, "invite token expired at "
                    + (claims.expiresAt() != null ? claims.expiresAt() : invite.expiresAt()));
        }
        if (!store.invites().consumeUse(invite.inviteId())) {
            throw new SwarmException(ErrorCode.TOKEN_EXHAUSTED, "invite token has been used its "
                    + invite.maxUses() + " time(s) already");
        }
        if (swarm.requireApproval()) {
            store.joinRequests().insert(new JoinRequestRecord(swarm.swarmId(), joiner.agentId(), joiner.endpoint(),
                    joiner.publicKey(), invite.inviteId(), JoinRequestRecord.PENDING, at, null,
                    joiner.capabilities()));
            return new Decision(pending(swarm), Outbox.Queued.NONE);
        }
        Member member = new Member(swarm.swarmId(), joiner.agentId(), joiner.endpoint(), joiner.publicKey(),
                joiner.capabilities(), at);
        store.members().upsert(member);
        Outbox.Queued announcements = announcer.memberJoined(store, swarm.swarmId(), member);
        return new Decision(accepted(store, swarm), announcements);
    }

    /** What a re-join's answer depends on: a proof of the key, or a token still good, or an approval. */
    private record Rejoin(boolean proven, boolean expired, boolean exhausted, boolean approved) {
    }

    /**
     * A returning member gets the current member list and nothing changes. In particular its stored
     * endpoint is never replaced: join requests are unsigned, so anyone holding an invite could
     * otherwise redirect a member's messages by "re-joining" under its (public) id and key. With an
     * expired or used-up token the member list is given only to a joiner that proves the key
     * ({@code key_proof}), or to the agent whose request the master approved with this very invite
     * (the approval flow of an older peer, which cannot sign): an id and a key are public, a dead token
     * is often widely shared, and neither may buy the member list.
     */
    private Decision rejoin(Store store, Swarm swarm, Member existing, JoinRequest.JoinSender joiner, Rejoin how) {
        if (!existing.publicKey().equals(joiner.publicKey())) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, joiner.agentId() + " is already a member of swarm "
                    + swarm.swarmId() + " with another key");
        }
        if (!how.proven() && !how.approved() && (how.expired() || how.exhausted())) {
            throw new SwarmException(how.expired() ? ErrorCode.TOKEN_EXPIRED : ErrorCode.TOKEN_EXHAUSTED,
                    "invite token is " + (how.expired() ? "expired" : "used up") + "; a member re-joining with it"
                    + " must prove its key (key_proof)");
        }
        return new Decision(accepted(store, swarm), Outbox.Queued.NONE);
    }

    private static boolean exhausted(Invite invite) {
        return invite.maxUses() != null && invite.uses() >= invite.maxUses();
    }

    /** True when the master approved this agent's request, made with this key and this invite. */
    private static boolean approvedWith(Store store, Swarm swarm, JoinRequest.JoinSender joiner, Invite invite) {
        return store.joinRequests().find(swarm.swarmId(), joiner.agentId())
                .filter(r -> JoinRequestRecord.APPROVED.equals(r.status()))
                .filter(r -> r.publicKey().equals(joiner.publicKey()) && r.inviteId().equals(invite.inviteId()))
                .isPresent();
    }

    /**
     * One public key belongs to one member of a swarm: a join with a key another member (or another
     * waiting request) holds is refused, so nobody can pose as that member under a second id.
     */
    private static void requireOwnKey(Store store, Swarm swarm, JoinRequest.JoinSender joiner) {
        Optional<String> holder = store.members().holderOfKey(swarm.swarmId(), joiner.publicKey())
                .or(() -> store.joinRequests().waitingWithKey(swarm.swarmId(), joiner.publicKey()))
                .filter(agent -> !agent.equals(joiner.agentId()));
        if (holder.isPresent()) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "that public key belongs to " + holder.get()
                    + " in swarm " + swarm.swarmId() + "; one key belongs to one member");
        }
    }

    /**
     * The invite's record; a token we signed but never recorded (an older install's, or one without a
     * {@code jti} in the reference's format) is recorded now, by its signed content, with its use limit
     * and expiry, so it is counted, expires and can be revoked like ours. One without an expiry gets
     * ours ({@link InviteService#DEFAULT_EXPIRY}) from its first use here.
     */
    private static Invite inviteFor(Store store, String token, InviteClaims claims, Instant now) {
        // identified by what was signed, never by the token's spelling (16 spellings verify alike)
        String content = InviteTokens.contentId(token);
        String id = claims.jti() != null ? claims.jti() : content;
        return store.invites().find(id).orElseGet(() -> {
            String expiresAt = claims.expiresAt() != null ? claims.expiresAt()
                    : Timestamps.format(now.plus(InviteService.DEFAULT_EXPIRY));
            Invite invite = new Invite(id, claims.swarmId(), content, Timestamps.format(now), expiresAt,
                    claims.maxUses(), 0, null);
            store.invites().insert(invite);
            return invite;
        });
    }

    private static Result accepted(Store store, Swarm swarm) {
        List<MemberInfo> members = store.members().list(swarm.swarmId()).stream()
                .map(m -> new MemberInfo(m.agentId(), m.endpoint(), m.publicKey(), m.capabilities()))
                .toList();
        return new Result(200, JoinResponse.accepted(swarm.swarmId(), swarm.name(), members));
    }

    private static Result pending(Swarm swarm) {
        return new Result(202, JoinResponse.pending(swarm.swarmId(), "join request is waiting for the master's"
                + " approval; join again with the same token once approved"));
    }
}
