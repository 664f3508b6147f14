package dev.swarm.cli;

import dev.swarm.node.config.ConfigFile;
import dev.swarm.node.config.Setting;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.identity.IdentityStore;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.tls.SelfSignedTls;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init", description = "Create this node's identity: an Ed25519 key (agent.key) and config.yaml.")
final class InitCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    JsonOption output;

    @Option(names = {"-a", "--agent-id"}, paramLabel = "ID", description = "This agent's id ([a-zA-Z0-9_.-]).")
    String agentId;

    @Option(names = {"-e", "--endpoint"}, paramLabel = "URL",
            description = "The URL peers reach this node at, e.g. https://host.example.com/swarm.")
    String endpoint;

    @Option(names = {"-f", "--force"}, description = "Replace an existing identity (its key is lost).")
    boolean force;

    @Option(names = "--self-signed",
            description = "Also make a self-signed TLS certificate for the endpoint's host and use it in swarm serve.")
    boolean selfSigned;

    @Option(names = "--allow-insecure-loopback", arity = "0..1", paramLabel = "true|false",
            description = "Allow an http:// endpoint on a loopback address.")
    boolean allowInsecureLoopback;

    InitCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (agentId == null || endpoint == null) {
            throw new SwarmException(ErrorCode.INVALID_ARGUMENT, "swarm init needs --agent-id and --endpoint");
        }
        Identity identity = IdentityStore.init(context.home(), agentId, endpoint, force,
                new EndpointPolicy(allowInsecureLoopback));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "initialized");
        result.put("agent_id", identity.agentId());
        result.put("endpoint", identity.endpoint());
        result.put("public_key", identity.publicKeyBase64());
        result.put("config_path", context.home().configFile().toString());
        result.put("key_path", context.home().keyFile().toString());
        if (selfSigned) {
            SelfSignedTls.Files files = SelfSignedTls.create(context.home().tlsDir(), identity.endpoint());
            ConfigFile.read(context.home().configFile())
                    .with(Setting.TLS_CERT.key(), files.certificate().toString())
                    .with(Setting.TLS_KEY.key(), files.key().toString()).write();
            result.put("tls_cert", files.certificate().toString());
            result.put("tls_key", files.key().toString());
        }
        Output.print(context, output.json, result, out -> {
            out.println("Initialised " + identity.agentId() + " at " + identity.endpoint());
            out.println("Public key: " + identity.publicKeyBase64());
            out.println("Config:     " + context.home().configFile());
            if (selfSigned) {
                out.println("TLS:        " + Path.of(result.get("tls_cert").toString())
                        + " (peers trust it with --ca-file)");
            }
        });
        return 0;
    }
}
