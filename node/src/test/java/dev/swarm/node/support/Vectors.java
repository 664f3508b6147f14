package dev.swarm.node.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/** The protocol's test vectors ({@code vectors.json}, copied from the shared protocol folder). */
public final class Vectors {
    private static final JsonNode ROOT = load();

    private Vectors() {
    }

    public static JsonNode root() {
        return ROOT;
    }

    public static byte[] seed() {
        return HexFormat.of().parseHex(ROOT.at("/key/private_seed_hex").asText());
    }

    public static String publicKeyBase64() {
        return ROOT.at("/key/public_key_b64").asText();
    }

    public static JsonNode messageSignature() {
        return ROOT.get("message_signature");
    }

    public static JsonNode inviteJwt() {
        return ROOT.get("invite_jwt");
    }

    private static JsonNode load() {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors.json")) {
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
