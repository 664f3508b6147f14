package dev.swarm.cli;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.messaging.PeerText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/**
 * {@code --yes} for commands that cannot be undone. At a terminal the command asks first; a script
 * (no terminal, or {@code --json}) is never asked and must say {@code --yes}, so a forgotten flag
 * fails loudly instead of hanging on a prompt or acting unasked.
 */
public final class ConfirmOption {
    /** The exit status of a command the user declined to confirm: nothing was changed. */
    static final int DECLINED = ErrorCode.ExitCodes.GENERAL;

    @Option(names = {"-y", "--yes"}, description = "Do it without asking (required with --json or without a terminal).")
    boolean yes;

    /**
     * True to go ahead: {@code --yes} was given, or the person at the terminal answered yes. Without a
     * terminal or with {@code --json} and no {@code --yes}, fails with INVALID_ARGUMENT naming {@code --yes}.
     */
    boolean confirmed(CliContext context, boolean json, String question) {
        if (yes) {
            return true;
        }
        if (json || !context.interactive()) {
            throw SwarmException.invalidArgument(question + " Nothing was changed: this cannot be undone, so without"
                    + " a terminal to ask on (or with --json) it needs --yes to confirm.");
        }
        context.err().print(PeerText.escapeLine(question) + " [y/N] ");
        context.err().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8)).readLine();
            boolean go = answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
            if (!go) {
                context.err().println("Cancelled; nothing was changed.");
            }
            return go;
        } catch (IOException e) {
            throw SwarmException.invalidArgument("cannot read the answer (" + e.getMessage() + "); use --yes");
        }
    }
}
