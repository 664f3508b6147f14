package dev.swarm.node.messaging;

import java.util.Locale;

/**
 * The one rule for showing text a peer controls (content, agent ids, swarm names, endpoints, reasons,
 * notes, a peer's error messages, GitHub titles) to a person or an agent: every character that is not
 * visible, or that changes how the rest is shown, is replaced by a visible escape: a backslash,
 * {@code u} and the code point in hex in braces (ESC becomes a backslash, u, and {@code {1B}}).
 * Hidden characters are: C0 controls, DEL and C1 controls (a peer must not move the cursor, erase a line, or set a pane's title with an OSC
 * sequence), format characters (bidi embeddings, overrides, isolates and marks, zero-width space and
 * joiners, the byte-order mark, and the tag characters that can smuggle hidden text to a model), line
 * and paragraph separators, unpaired surrogates, private-use characters, noncharacters, the Hangul
 * fillers (blank letters) and the supplementary variation selectors (another way to hide bytes in text
 * that looks plain). Newline and tab are kept where the text may span lines, and escaped where it must
 * not.
 *
 * <p>Text is stored exactly as it arrived and escaped when it is shown: the receive path never pays
 * for this, and a rule made stricter later applies to everything already stored. See
 * docs/architecture.md, "Peer text".
 */
public final class PeerText {
    private PeerText() {
    }

    /** For a block of text: newlines and tabs stay, everything else hidden is escaped. */
    public static String escape(String text) {
        return escape(text, true);
    }

    /** For one line (a list, a header, an error message): newlines and tabs are escaped too. */
    public static String escapeLine(String text) {
        return escape(text, false);
    }

    /**
     * For a one-line summary of longer text (a wake line, a note in a listing): every run of white space,
     * line breaks and tabs included, becomes one space, everything else hidden is escaped, and the result
     * is cut to {@code max} characters, an ellipsis showing the cut.
     */
    public static String summary(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder flat = new StringBuilder(Math.min(text.length(), max + 16));
        text.codePoints().forEach(cp -> flat.appendCodePoint(Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                ? ' ' : cp));
        String line = escapeLine(flat.toString().replaceAll(" {2,}", " ").strip());
        if (line.length() <= max) {
            return line;
        }
        int cut = max - 1;
        if (Character.isLowSurrogate(line.charAt(cut))) {
            cut--;
        }
        return line.substring(0, cut) + "…";
    }

    /** True when {@link #escapeLine} would change nothing. */
    public static boolean isClean(String text) {
        return text == null || text.codePoints().noneMatch(PeerText::isHidden);
    }

    /**
     * True for a code point that never reaches a person or an agent as it is (newline and tab included:
     * {@link #escape} keeps those two in a block of text).
     */
    public static boolean isHidden(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || isNoncharacter(cp) || cp >= 0xE0100 && cp <= 0xE01EF
                || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0;
    }

    /**
     * A JSON document with every hidden character written as a JSON escape (backslash, u and four hex
     * digits; a character beyond the first plane as its two surrogate escapes). The document parses to exactly the same
     * values, but printed to a terminal it moves no cursor, sets no title and reorders nothing. Outside
     * strings a JSON text holds only ASCII punctuation and white space, and a serialiser escapes the
     * C0 controls inside strings, so every hidden character met here is inside a string and its JSON
     * escape is exact; newline, carriage return and tab can only be white space between tokens and stay.
     */
    public static String escapeJson(String json) {
        StringBuilder out = null;
        for (int i = 0; i < json.length(); ) {
            int cp = json.codePointAt(i);
            int width = Character.charCount(cp);
            boolean hidden = cp != '\n' && cp != '\r' && cp != '\t' && isHidden(cp);
            if (hidden && out == null) {
                out = new StringBuilder(json.length() + 32).append(json, 0, i);
            }
            if (hidden) {
                for (char unit : Character.toChars(cp)) {
                    out.append(String.format(Locale.ROOT, "\\u%04x", (int) unit));
                }
            } else if (out != null) {
                out.append(json, i, i + width);
            }
            i += width;
        }
        return out == null ? json : out.toString();
    }

    private static String escape(String text, boolean multiline) {
        if (text == null) {
            return "";
        }
        if (isClean(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (isHidden(cp) && !(multiline && (cp == '\n' || cp == '\t'))) {
                out.append("\\u{").append(Integer.toHexString(cp).toUpperCase(Locale.ROOT)).append('}');
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static boolean isNoncharacter(int cp) {
        return cp >= 0xFDD0 && cp <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE;
    }
}
