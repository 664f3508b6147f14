package dev.swarm.node.identity;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The bearer token of the local API: 32 random bytes in hex in {@code $SWARM_HOME/admin.token},
 * mode 0600, made by {@code swarm serve} the first time. Tools on the host read the file; nobody
 * else can.
 */
public final class AdminToken {
    private final String value;

    private AdminToken(String value) {
        this.value = value;
    }

    public static AdminToken loadOrCreate(SwarmHome home) {
        Optional<AdminToken> existing = load(home);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String value = HexFormat.of().formatHex(random);
        try {
            SecureFiles.ensurePrivateDirectory(home.dir());
            SecureFiles.writePrivate(home.adminToken(), (value + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot write " + home.adminToken() + ": "
                    + e.getMessage(), null, e);
        }
        return new AdminToken(value);
    }

    public static Optional<AdminToken> load(SwarmHome home) {
        try {
            String text = Files.readString(home.adminToken(), StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(new AdminToken(text));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot read " + home.adminToken() + ": "
                    + e.getMessage(), null, e);
        }
    }

    public String value() {
        return value;
    }

    /** Compares in constant time, so the answer's timing says nothing about the token. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "AdminToken[hidden]";
    }
}
