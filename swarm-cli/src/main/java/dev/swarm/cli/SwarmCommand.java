package dev.swarm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root: {@code swarm <command>}. */
@Command(name = "swarm", mixinStandardHelpOptions = true, version = "swarm 0.1.0 (Agent Swarm Protocol 0.1.0)",
        description = "A peer-to-peer node that lets coding agents on different hosts work together.",
        subcommands = {InitCommand.class, ServeCommand.class, CreateCommand.class, InviteCommand.class,
                JoinCommand.class, SendCommand.class, MessagesCommand.class, ListCommand.class, StatusCommand.class,
                ConfigCommand.class, RequestsCommand.class, ApproveCommand.class, DenyCommand.class,
                OutboxCommand.class, SentCommand.class, LeaveCommand.class, KickCommand.class, TransferCommand.class,
                DissolveCommand.class, MuteCommand.class, UnmuteCommand.class, WakeCommand.class, IssueCommand.class,
                BenchCommand.class, McpCommand.class},
        footer = {"", "Environment: SWARM_HOME (default ~/.swarm); every setting also reads SWARM_<NAME>.",
                "Exit codes: 0 ok, 1 error, 2 invalid input, 3 network, 4 not allowed, 5 not found,"
                        + " 6 rate limited, 7 wrong state (e.g. not initialised)."})
public final class SwarmCommand {
    @Option(names = "--home", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The node's directory (same as SWARM_HOME).")
    String home;
}
