package dev.swarm.node.messaging;

/**
 * The one rule for showing text a peer controls (content, names, titles) to a person or an agent:
 * every character that is not visible, or that changes how the rest is shown, is replaced by a
 * visible escape: a backslash, {@code u} and the code point in hex in braces. That covers terminal
 * controls (ESC, CR, BEL: a peer must not move the cursor, erase a line or set a pane's title), C1 controls, bidi overrides and isolates,
 * zero-width and other format characters (including the tag characters that can smuggle hidden text
 * to a model), line and paragraph separators, unpaired surrogates, private-use characters and the
 * supplementary variation selectors (another way to hide bytes in text that looks plain).
 * Newline and tab are kept where the text may span lines, and escaped where it must not.
 */
public final class PeerText {
    private PeerText() {
    }

    /** For a block of text: newlines and tabs stay, everything else invisible is escaped. */
    public static String escape(String text) {
        return escape(text, true);
    }

    /** For one line (a list, a header): newlines and tabs are escaped too. */
    public static String escapeLine(String text) {
        return escape(text, false);
    }

    /** True when {@link #escape} would change nothing. */
    public static boolean isClean(String text) {
        return text.codePoints().noneMatch(cp -> hidden(cp, true));
    }

    private static String escape(String text, boolean multiline) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (hidden(cp, multiline)) {
                out.append("\\u{").append(Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT)).append('}');
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static boolean hidden(int cp, boolean multiline) {
        if (cp == '\n' || cp == '\t') {
            return !multiline;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || cp >= 0xE0100 && cp <= 0xE01EF;
    }
}
