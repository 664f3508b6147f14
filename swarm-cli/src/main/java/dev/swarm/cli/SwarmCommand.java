package dev.swarm.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The root: {@code swarm <command>}. Its subcommands are listed in {@link #SUBCOMMANDS} rather than in
 * the annotation, so that {@link Main} can build only the one a command line names: picocli reads every
 * listed command class by reflection when it builds the model, which for all of them took about a third
 * of a second of every command's start.
 */
@Command(name = "swarm", mixinStandardHelpOptions = true, version = "swarm 0.1.0 (Agent Swarm Protocol 0.1.0)",
        description = "A peer-to-peer node that lets coding agents on different hosts work together.",
        footer = {"", "Environment: SWARM_HOME (default ~/.swarm); every setting also reads SWARM_<NAME>.",
                "Exit codes: 0 ok, 1 error, 2 invalid input, 3 network, 4 not allowed, 5 not found,"
                        + " 6 rate limited, 7 wrong state (e.g. not initialised)."})
public final class SwarmCommand {
    /** Every subcommand, in the order {@code swarm --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(InitCommand.class, ServeCommand.class, CreateCommand.class,
            InviteCommand.class, JoinCommand.class, SendCommand.class, MessagesCommand.class, ListCommand.class,
            StatusCommand.class, ConfigCommand.class, RequestsCommand.class, ApproveCommand.class, DenyCommand.class,
            OutboxCommand.class, SentCommand.class, LeaveCommand.class, KickCommand.class, ReadmitCommand.class,
            TransferCommand.class, RotateKeyCommand.class, DissolveCommand.class, MuteCommand.class,
            UnmuteCommand.class, WakeCommand.class, IssueCommand.class, BenchCommand.class, McpCommand.class,
            AgentCommand.class, HookCommand.class, DoctorCommand.class, WhoCommand.class, RoleCommand.class,
            LeaseCommand.class);

    @Option(names = "--home", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The node's directory (same as SWARM_HOME).")
    String home;
}
