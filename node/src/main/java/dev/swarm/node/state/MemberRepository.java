package dev.swarm.node.state;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.swarm.node.protocol.Json;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code members} table: who is in each swarm, with keys and capabilities. */
public final class MemberRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final RowMapper<Member> MAPPER = (rs, ctx) -> new Member(rs.getString("swarm_id"),
            rs.getString("agent_id"), rs.getString("endpoint"), rs.getString("public_key"),
            capabilities(rs.getString("capabilities")), rs.getString("joined_at"));

    private final Handle handle;

    MemberRepository(Handle handle) {
        this.handle = handle;
    }

    /**
     * Adds the member or updates its endpoint and key, keeping its join time. Capabilities are only
     * ever widened: a later record without one (an older master's announcement, an older join answer)
     * never removes it, so nobody can downgrade a member to the weaker signature recipe.
     */
    public void upsert(Member member) {
        List<String> capabilities = find(member.swarmId(), member.agentId())
                .map(existing -> widened(existing.capabilities(), member.capabilities()))
                .orElse(member.capabilities());
        handle.createUpdate("""
                INSERT INTO members (swarm_id, agent_id, endpoint, public_key, capabilities, joined_at)
                VALUES (:swarmId, :agentId, :endpoint, :publicKey, :capabilities, :joinedAt)
                ON CONFLICT (swarm_id, agent_id) DO UPDATE SET endpoint = excluded.endpoint,
                    public_key = excluded.public_key, capabilities = excluded.capabilities""")
                .bind("swarmId", member.swarmId()).bind("agentId", member.agentId())
                .bind("endpoint", member.endpoint()).bind("publicKey", member.publicKey())
                .bind("capabilities", Json.toText(capabilities)).bind("joinedAt", member.joinedAt())
                .execute();
    }

    /**
     * A member's own signed key rotation: its key (and endpoint) change, only if it still holds
     * {@code oldKey}; true when the row changed.
     */
    public boolean rotate(String swarmId, String agentId, String oldKey, String newKey, String endpoint) {
        return handle.createUpdate("""
                UPDATE members SET public_key = :newKey, endpoint = :endpoint
                WHERE swarm_id = :swarmId AND agent_id = :agentId AND public_key = :oldKey""")
                .bind("swarmId", swarmId).bind("agentId", agentId).bind("oldKey", oldKey).bind("newKey", newKey)
                .bind("endpoint", endpoint).execute() > 0;
    }

    /** Swarms in which this agent is recorded with this key. */
    public List<String> swarmsWithKey(String agentId, String publicKey) {
        return handle.createQuery("SELECT swarm_id FROM members WHERE agent_id = :agentId AND public_key = :key")
                .bind("agentId", agentId).bind("key", publicKey).mapTo(String.class).list();
    }

    public List<Member> list(String swarmId) {
        return handle.createQuery("SELECT * FROM members WHERE swarm_id = :swarmId ORDER BY joined_at, agent_id")
                .bind("swarmId", swarmId).map(MAPPER).list();
    }

    /** Every member's endpoint, in any swarm, once each. */
    public List<String> endpoints() {
        return handle.createQuery("SELECT DISTINCT endpoint FROM members").mapTo(String.class).list();
    }

    public Optional<Member> find(String swarmId, String agentId) {
        return handle.createQuery("SELECT * FROM members WHERE swarm_id = :swarmId AND agent_id = :agentId")
                .bind("swarmId", swarmId).bind("agentId", agentId).map(MAPPER).findOne();
    }

    /** The member of the swarm that holds this public key, if any (one key belongs to one member). */
    public Optional<String> holderOfKey(String swarmId, String publicKey) {
        return handle.createQuery("SELECT agent_id FROM members WHERE swarm_id = :swarmId AND public_key = :key"
                        + " ORDER BY joined_at LIMIT 1")
                .bind("swarmId", swarmId).bind("key", publicKey).mapTo(String.class).findOne();
    }

    public int count(String swarmId) {
        return handle.createQuery("SELECT count(*) FROM members WHERE swarm_id = :swarmId")
                .bind("swarmId", swarmId).mapTo(Integer.class).one();
    }

    public boolean delete(String swarmId, String agentId) {
        return handle.createUpdate("DELETE FROM members WHERE swarm_id = :swarmId AND agent_id = :agentId")
                .bind("swarmId", swarmId).bind("agentId", agentId).execute() > 0;
    }

    private static List<String> widened(List<String> known, List<String> announced) {
        Set<String> union = new LinkedHashSet<>(known);
        union.addAll(announced);
        return List.copyOf(union);
    }

    /** A JSON array of strings as stored (capabilities, role names...); empty when unreadable. */
    static List<String> capabilities(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return Json.mapper().readValue(json, STRINGS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of();
        }
    }
}
