package dev.swarm.node.membership;

import dev.swarm.node.client.PeerClient;
import dev.swarm.node.client.PeerResponse;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.invite.InviteClaims;
import dev.swarm.node.invite.InviteTokens;
import dev.swarm.node.invite.InviteUrl;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.JoinRequest;
import dev.swarm.node.protocol.JoinResponse;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.MemberInfo;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.PendingJoin;
import dev.swarm.node.state.Swarm;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The joiner's side: checks the invite's form, expiry and swarm id before calling, asks the master,
 * and stores the swarm with the members and keys it returns. The answer is checked too: it must list
 * the master and us (with our key), and the master's key from the list must verify the invite's
 * signature, so a wrong or tampered answer is never stored.
 */
public final class JoinService {
    private final Database database;
    private final Identity identity;
    private final List<String> capabilities;
    private final PeerClient client;
    private final MemberDirectory directory;
    private final Clock clock;

    public JoinService(Database database, Identity identity, List<String> capabilities, PeerClient client,
                       MemberDirectory directory, Clock clock) {
        this.database = database;
        this.identity = identity;
        this.capabilities = List.copyOf(capabilities);
        this.client = client;
        this.directory = directory;
        this.clock = clock;
    }

    /** {@code joined} or {@code pending}, with what the user needs to know. */
    public record Result(String status, String swarmId, String name, String master, int memberCount,
                         String message) {
    }

    public Result join(String invite) {
        InviteUrl url = InviteUrl.parse(invite);
        InviteClaims claims = InviteTokens.readUnverified(url.token());
        Instant now = clock.instant();
        if (claims.isExpiredAt(now)) {
            throw new SwarmException(ErrorCode.TOKEN_EXPIRED, "invite token expired at " + claims.expiresAt());
        }
        client.endpoints().problem(claims.endpoint()).ifPresent(problem -> {
            throw new SwarmException(ErrorCode.INVALID_TOKEN, "invite points at " + claims.endpoint()
                    + ", which must be " + problem);
        });
        if (claims.master().equals(identity.agentId())) {
            throw SwarmException.invalidArgument("this invite is for a swarm this agent is master of");
        }
        PeerResponse response = ask(url.token(), claims);
        if (response.status() == 202) {
            JoinResponse pending = PeerClient.parse(response, JoinResponse.class, claims.endpoint());
            database.write(store -> {
                store.pendingJoins().upsert(new PendingJoin(claims.swarmId(), claims.master(), claims.endpoint(),
                        url.token(), Timestamps.format(now)));
                return null;
            });
            return new Result("pending", claims.swarmId(), null, claims.master(), 0,
                    pending.message() == null ? "waiting for the master's approval" : pending.message());
        }
        if (!response.isSuccess()) {
            throw response.toException(claims.endpoint());
        }
        JoinResponse accepted = PeerClient.parse(response, JoinResponse.class, claims.endpoint());
        List<MemberInfo> members = checkAccepted(accepted, claims, url.token());
        String at = Timestamps.format(now);
        database.write(store -> {
            Swarm previous = store.swarms().find(claims.swarmId()).orElse(null);
            boolean stillIn = previous != null && previous.isActive();
            // the master is known from this answer on (master_since), whatever we knew before
            store.swarms().upsert(new Swarm(claims.swarmId(), accepted.swarmName(), claims.master(), Swarm.ACTIVE,
                    false, previous == null ? at : previous.createdAt(), previous == null ? at : previous.joinedAt(),
                    at));
            Set<String> listed = new HashSet<>();
            for (MemberInfo info : members) {
                listed.add(info.agentId());
                Optional<Member> held = store.members().find(claims.swarmId(), info.agentId());
                String joinedAt = held.map(Member::joinedAt).orElse(at);
                List<String> known = info.agentId().equals(identity.agentId()) ? capabilities : info.capabilities();
                if (held.isPresent() && stillIn && !info.agentId().equals(identity.agentId())) {
                    // the master may add members, never rewrite those we know (their key and endpoint
                    // change only by their own signed rotation); capabilities are only widened
                    Member kept = held.get();
                    store.members().upsert(new Member(claims.swarmId(), kept.agentId(), kept.endpoint(),
                            kept.publicKey(), known, joinedAt));
                    continue;
                }
                store.members().upsert(new Member(claims.swarmId(), info.agentId(), info.endpoint(),
                        info.publicKey(), known, joinedAt));
            }
            for (Member stale : store.members().list(claims.swarmId())) {
                if (!listed.contains(stale.agentId())) {
                    store.members().delete(claims.swarmId(), stale.agentId());
                }
            }
            store.pendingJoins().delete(claims.swarmId());
            store.swarms().setInviteToken(claims.swarmId(), url.token());
            return null;
        });
        directory.invalidate(claims.swarmId());
        return new Result("joined", claims.swarmId(), accepted.swarmName(), claims.master(), members.size(), null);
    }

    /** Posts our join request, with the proof of our key, to the master the invite names. */
    private PeerResponse ask(String token, InviteClaims claims) {
        JoinRequest.JoinSender self = new JoinRequest.JoinSender(identity.agentId(), identity.endpoint(),
                identity.publicKeyBase64(), capabilities);
        JoinRequest request = JoinRequest.of(token, self).withKeyProof(JoinProof.sign(identity, token, self));
        return PeerClient.await(client.post(claims.endpoint(), "/join", Json.toBytes(request)), claims.endpoint());
    }

    /**
     * Learns members the master never announced to us: a re-join with the invite we joined with returns
     * the master's current member list (ours answers it to a member that proves its key, the reference
     * to any member). Only members we do not know are added, each with the key the master gives; nothing
     * we know is rewritten or removed, and the swarm's record (its master, {@code master_since}) is left
     * alone. Returns how many were added; refuses when this node holds no invite for the swarm or the
     * invite's master is no longer the master.
     */
    public int refresh(String swarmId) {
        Swarm swarm = database.read(store -> store.swarms().find(swarmId)).filter(Swarm::isActive).orElseThrow(() ->
                new SwarmException(ErrorCode.SWARM_NOT_FOUND, "this node is not in swarm " + swarmId));
        String token = database.read(store -> store.swarms().inviteToken(swarmId)).orElseThrow(() ->
                new SwarmException(ErrorCode.NOT_FOUND, "no invite is kept for swarm " + swarmId
                        + " (this node created it, or joined it before invites were kept)"));
        InviteClaims claims = InviteTokens.readUnverified(token);
        if (!claims.master().equals(swarm.master()) || !claims.swarmId().equals(swarmId)) {
            throw new SwarmException(ErrorCode.NOT_MASTER, "the invite kept for swarm " + swarmId + " is "
                    + claims.master() + "'s, and " + swarm.master() + " is the master now");
        }
        PeerResponse response = ask(token, claims);
        if (!response.isSuccess() || response.status() != 200) {
            throw response.isSuccess() ? bad(claims.endpoint(), "it did not answer with the member list")
                    : response.toException(claims.endpoint());
        }
        List<MemberInfo> members = checkAccepted(PeerClient.parse(response, JoinResponse.class, claims.endpoint()),
                claims, token);
        String at = Timestamps.format(clock.instant());
        int added = database.write(store -> {
            if (store.swarms().find(swarmId).filter(s -> s.isActive() && s.master().equals(claims.master()))
                    .isEmpty()) {
                return 0;
            }
            int count = 0;
            for (MemberInfo info : members) {
                boolean known = store.members().find(swarmId, info.agentId()).isPresent();
                if (known || store.members().holderOfKey(swarmId, info.publicKey()).isPresent()) {
                    continue;
                }
                store.members().upsert(new Member(swarmId, info.agentId(), info.endpoint(), info.publicKey(),
                        info.capabilities(), at));
                count++;
            }
            return count;
        });
        directory.invalidate(swarmId);
        return added;
    }

    private List<MemberInfo> checkAccepted(JoinResponse accepted, InviteClaims claims, String token) {
        String master = claims.endpoint();
        if (!accepted.isAccepted() || !claims.swarmId().equals(accepted.swarmId()) || accepted.members() == null
                || accepted.swarmName() == null) {
            throw bad(master, "its answer is not an acceptance for swarm " + claims.swarmId());
        }
        MemberInfo masterInfo = null;
        boolean listsUs = false;
        Set<String> keys = new HashSet<>();
        for (MemberInfo info : accepted.members()) {
            if (info == null || !Identifiers.isAgentId(info.agentId()) || info.endpoint() == null
                    || !Ed25519.isPublicKey(info.publicKey())) {
                throw bad(master, "its member list has an entry without a valid agent id, endpoint and key");
            }
            if (!keys.add(info.publicKey())) {
                throw bad(master, "its member list gives one public key to two members");
            }
            if (info.agentId().equals(claims.master())) {
                masterInfo = info;
            }
            if (info.agentId().equals(identity.agentId())) {
                listsUs = info.publicKey().equals(identity.publicKeyBase64());
            }
        }
        if (masterInfo == null || !listsUs) {
            throw bad(master, "its member list must include the master and this agent with this agent's key");
        }
        InviteTokens.verify(token, Ed25519.toJdkPublicKey(Ed25519.publicKey(masterInfo.publicKey()).getEncoded()));
        return accepted.members();
    }

    private static SwarmException bad(String peer, String why) {
        return new SwarmException(ErrorCode.PEER_PROTOCOL_ERROR, "the master at " + peer + " answered the join"
                + " but " + why);
    }
}
