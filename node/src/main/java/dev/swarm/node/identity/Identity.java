package dev.swarm.node.identity;

import dev.swarm.node.crypto.Ed25519;
import java.security.PrivateKey;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/** Who this node is: its agent id, endpoint and Ed25519 key pair. Never prints the key. */
public final class Identity {
    private final String agentId;
    private final String endpoint;
    private final byte[] seed;
    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKeyParameters publicKey;
    private final String publicKeyBase64;

    public Identity(String agentId, String endpoint, byte[] seed) {
        this.agentId = agentId;
        this.endpoint = endpoint;
        this.seed = seed.clone();
        this.privateKey = Ed25519.privateKey(this.seed);
        this.publicKey = privateKey.generatePublicKey();
        this.publicKeyBase64 = Ed25519.encode(publicKey);
    }

    public String agentId() {
        return agentId;
    }

    public String endpoint() {
        return endpoint;
    }

    public Ed25519PrivateKeyParameters privateKey() {
        return privateKey;
    }

    public Ed25519PublicKeyParameters publicKey() {
        return publicKey;
    }

    /** The public key as it goes on the wire: raw 32 bytes, standard base64 with padding. */
    public String publicKeyBase64() {
        return publicKeyBase64;
    }

    public byte[] publicKeyRaw() {
        return publicKey.getEncoded();
    }

    /** The private key as a JDK key, for the JWT library. */
    public PrivateKey jdkPrivateKey() {
        return Ed25519.toJdkPrivateKey(seed);
    }

    public Identity withEndpoint(String newEndpoint) {
        return new Identity(agentId, newEndpoint, seed);
    }

    @Override
    public String toString() {
        return "Identity[" + agentId + " at " + endpoint + ", key " + publicKeyBase64 + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Identity that && agentId.equals(that.agentId) && endpoint.equals(that.endpoint)
                && Arrays.equals(seed, that.seed);
    }

    @Override
    public int hashCode() {
        return agentId.hashCode() * 31 + publicKeyBase64.hashCode();
    }
}
