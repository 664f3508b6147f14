package dev.swarm.node.membership;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.SignedStatement;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.protocol.JoinRequest;
import dev.swarm.node.protocol.Json;

/**
 * Our extension to the (unsigned) join request: {@code key_proof}, the joiner's signature with the key
 * it joins with over the statement {@code {"statement":"join-key-proof-v1","invite_token",
 * "agent_id","endpoint","public_key"}}. It shows that whoever asks to join holds that key; without
 * it, anyone could join with another member's (public) key, or fetch the member list by "re-joining"
 * as a member with a dead token. Our nodes always send it; older masters ignore it.
 */
public final class JoinProof {
    public static final String KIND = "join-key-proof-v1";

    private JoinProof() {
    }

    /** The statement a join request's proof signs. */
    static ObjectNode statement(String inviteToken, JoinRequest.JoinSender sender) {
        ObjectNode statement = Json.mapper().createObjectNode();
        statement.put(SignedStatement.KIND, KIND);
        statement.put("invite_token", inviteToken);
        statement.put("agent_id", sender.agentId());
        statement.put("endpoint", sender.endpoint());
        statement.put("public_key", sender.publicKey());
        return statement;
    }

    /** The proof our node sends for joining with {@code token} as {@code sender}. */
    public static String sign(Identity identity, String token, JoinRequest.JoinSender sender) {
        return SignedStatement.sign(identity.privateKey(), statement(token, sender));
    }

    /** True when the request carries a proof made with the key it joins with. */
    static boolean verifies(JoinRequest request) {
        return request.keyProof() != null && SignedStatement.verify(request.sender().publicKey(),
                statement(request.inviteToken(), request.sender()), request.keyProof());
    }
}
