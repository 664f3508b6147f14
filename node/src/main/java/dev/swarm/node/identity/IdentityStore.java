package dev.swarm.node.identity;

import dev.swarm.node.config.ConfigFile;
import dev.swarm.node.config.Setting;
import dev.swarm.node.config.Settings;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Identifiers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and loads the node's identity: {@code agent.key} (the raw 32-byte Ed25519 seed, 0600,
 * written atomically, the Python implementation's format) and {@code agent_id}/{@code endpoint} in
 * {@code config.yaml}. An existing key is never replaced without {@code --force}.
 */
public final class IdentityStore {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityStore.class);

    private IdentityStore() {
    }

    public static Identity init(SwarmHome home, String agentId, String endpoint, boolean force,
                                EndpointPolicy endpoints) {
        if (!Identifiers.isAgentId(agentId)) {
            throw SwarmException.invalidArgument("--agent-id must be 1 to 256 characters of a-z, A-Z, 0-9, _ . -"
                    + " and not the reserved name \"broadcast\"");
        }
        endpoints.problem(endpoint).ifPresent(problem -> {
            throw SwarmException.invalidArgument("--endpoint must be " + problem);
        });
        if (Files.exists(home.keyFile()) && !force) {
            throw new SwarmException(ErrorCode.ALREADY_INITIALIZED, "an identity already exists in " + home.dir()
                    + "; use --force to replace it (the old key is lost and peers will no longer accept it)");
        }
        try {
            SecureFiles.ensurePrivateDirectory(home.dir());
            byte[] seed = Ed25519.newSeed(new SecureRandom());
            SecureFiles.writePrivate(home.keyFile(), seed);
            ConfigFile.read(home.configFile()).with(Setting.AGENT_ID.key(), agentId)
                    .with(Setting.ENDPOINT.key(), endpoint).write();
            return new Identity(agentId, endpoint, seed);
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot write the identity to " + home.dir() + ": "
                    + e.getMessage(), null, e);
        }
    }

    /** Loads the identity; agent id and endpoint come from the settings (environment over file). */
    public static Identity load(SwarmHome home, Settings settings) {
        byte[] seed;
        try {
            seed = Files.readAllBytes(home.keyFile());
            if (SecureFiles.isReadableByOthers(home.keyFile())) {
                LOG.warn("{} is readable by other users; run: chmod 600 {}", home.keyFile(), home.keyFile());
            }
        } catch (NoSuchFileException e) {
            throw notInitialized(home);
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot read " + home.keyFile() + ": " + e.getMessage(),
                    null, e);
        }
        if (seed.length != Ed25519.SEED_BYTES) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, home.keyFile() + " must hold a raw 32-byte Ed25519 seed"
                    + " (it has " + seed.length + " bytes)");
        }
        String agentId = settings.value(Setting.AGENT_ID);
        String endpoint = settings.value(Setting.ENDPOINT);
        if (agentId == null || endpoint == null) {
            throw new SwarmException(ErrorCode.NOT_INITIALIZED, home.configFile() + " has no agent_id or endpoint;"
                    + " run: swarm init --agent-id ID --endpoint URL");
        }
        if (!Identifiers.isAgentId(agentId)) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "agent_id '" + agentId + "' is not a valid agent id");
        }
        return new Identity(agentId, endpoint, seed);
    }

    public static SwarmException notInitialized(SwarmHome home) {
        return new SwarmException(ErrorCode.NOT_INITIALIZED, "no identity in " + home.dir()
                + "; run: swarm init --agent-id ID --endpoint https://HOST:PORT/swarm");
    }
}
