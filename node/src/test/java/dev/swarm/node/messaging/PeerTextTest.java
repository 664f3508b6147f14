package dev.swarm.node.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.protocol.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one rule for showing what a peer wrote. */
class PeerTextTest {
    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x00, 0x07, 0x08, 0x0D, 0x1B, 0x7F, 0x80, 0x85, 0x9B, 0x9D, 0x00AD, 0x061C, 0x115F, 0x180E,
            0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202E, 0x2060, 0x2066, 0x2069, 0x3164,
            0xE000, 0xFDD0, 0xFEFF, 0xFFA0, 0xFFFE, 0xE0001, 0xE0041, 0xE007F, 0xE0100, 0xF0000})
    void aHiddenCharacterIsShownAsAVisibleEscape(int cp) {
        String text = "a" + Character.toString(cp) + "b";

        assertThat(PeerText.escapeLine(text)).isEqualTo("a\\u{" + Integer.toHexString(cp).toUpperCase() + "}b");
        assertThat(PeerText.escape(text)).isEqualTo(PeerText.escapeLine(text));
        assertThat(PeerText.isClean(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain ASCII", "Grüße, 你好, مرحبا, שלום", "emoji 😀👍🏽 and ❤️", "  spaces\u00a0kept  "})
    void visibleTextOfAnyScriptIsLeftAlone(String text) {
        assertThat(PeerText.escapeLine(text)).isSameAs(text);
        assertThat(PeerText.escapeJson(Json.toText(text))).isEqualTo(Json.toText(text));
    }

    @Test
    void newlinesAndTabsStayInABlockAndAreEscapedOnALine() {
        assertThat(PeerText.escape("one\n\ttwo\r")).isEqualTo("one\n\ttwo\\u{D}");
        assertThat(PeerText.escapeLine("one\n\ttwo")).isEqualTo("one\\u{A}\\u{9}two");
    }

    @Test
    void aJsonDocumentKeepsItsValuesButNoHiddenCharacterInItsText() {
        String hostile = "x\u001b[2K\r\u0085\u009b\u202e\u200b\udb40\udc41\u007f y";
        String json = Json.toText(Map.of("content\u202e", hostile));

        String escaped = PeerText.escapeJson(json);

        assertThat(escaped.codePoints().noneMatch(PeerText::isHidden)).as(escaped).isTrue();
        assertThat(Json.readTree(escaped).get("content\u202e").asText()).isEqualTo(hostile);
        assertThat(escaped).contains("\\u202e").contains("\\udb40\\udc41").contains("\\u007f").contains("\\u0085");
    }

    @Test
    void aSummaryIsOneShortLine() {
        assertThat(PeerText.summary("line one\nline two\t\tend", 12)).isEqualTo("line one li…");
        assertThat(PeerText.summary("a\u001b[31m b", 20)).isEqualTo("a\\u{1B}[31m b");
        assertThat(PeerText.summary("  lots   of\r\n space\u2028 ", 40)).isEqualTo("lots of space");
    }
}
