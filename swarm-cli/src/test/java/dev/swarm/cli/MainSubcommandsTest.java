package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Only the subcommand a command line names is built; without one, all are (for help). */
class MainSubcommandsTest {
    @Test
    void aNamedCommandBuildsOnlyThatCommand() {
        assertThat(Main.subcommandsFor(new String[] {"status", "--json"})).containsExactly(StatusCommand.class);
        assertThat(Main.subcommandsFor(new String[] {"--home", "/tmp/x", "issue", "claim", "o/r#1"}))
                .containsExactly(IssueCommand.class);
        assertThat(Main.subcommandsFor(new String[] {"--home=/tmp/x", "serve"})).containsExactly(ServeCommand.class);
    }

    @Test
    void noCommandOrAnUnknownOneBuildsAll() {
        assertThat(Main.subcommandsFor(new String[0])).isEqualTo(SwarmCommand.SUBCOMMANDS);
        assertThat(Main.subcommandsFor(new String[] {"--help"})).isEqualTo(SwarmCommand.SUBCOMMANDS);
        assertThat(Main.subcommandsFor(new String[] {"statsu"})).isEqualTo(SwarmCommand.SUBCOMMANDS);
        assertThat(Main.subcommandsFor(new String[] {"--home", "status"})).isEqualTo(SwarmCommand.SUBCOMMANDS);
    }
}
