package dev.swarm.cli;

import dev.swarm.node.agent.AgentInstaller;
import java.io.PrintStream;

/** How the agent commands print a result for people. */
final class AgentCommands {
    private AgentCommands() {
    }

    static void printResult(PrintStream out, AgentInstaller.Result result) {
        for (AgentInstaller.FileResult file : result.files()) {
            out.println(file.status() + ": " + file.file() + (file.changes().isEmpty() ? "" : " ("
                    + String.join("; ", file.changes()) + ")") + (file.backup() == null ? "" : ", backup "
                    + file.backup()));
            if (file.diff() != null) {
                out.print(file.diff());
            }
        }
        result.notes().forEach(note -> out.println("note: " + note));
    }
}
