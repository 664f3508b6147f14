package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Standard error of the real process: logs quoting a peer cannot drive the terminal. */
class EscapingStreamTest {
    @Test
    void aLogLineQuotingAPeerIsEscapedButKeepsItsLinesTabsAndLetters() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream err = EscapingStream.wrap(new PrintStream(terminal, true, StandardCharsets.UTF_8));

        err.println("joined swarm ops\u001b]0;pwned\u0007 (Grüße \u202eevil\u200b)\tok");
        err.print("second 😀");
        err.flush();

        assertThat(terminal.toString(StandardCharsets.UTF_8)).isEqualTo("joined swarm ops\\u{1B}]0;pwned\\u{7}"
                + " (Grüße \\u{202E}evil\\u{200B})\tok" + System.lineSeparator() + "second 😀");
    }

    @Test
    void aCharacterWhoseBytesArriveInTwoWritesIsDecodedWhole() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream err = EscapingStream.wrap(new PrintStream(terminal, true, StandardCharsets.UTF_8));
        byte[] bytes = "ü😀\u009b".getBytes(StandardCharsets.UTF_8);

        for (byte b : bytes) {
            err.write(b);
        }
        err.flush();

        assertThat(terminal.toString(StandardCharsets.UTF_8)).isEqualTo("ü😀\\u{9B}");
    }
}
