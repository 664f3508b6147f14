package dev.swarm.node.dashboard;

/**
 * Builds the dashboard's HTML. Every value goes through {@link #text} (or {@link #peerText}), which
 * escapes it for both element content and quoted attributes; markup is only ever the literal strings
 * of this package. Peer text is also shown with its invisible controls made visible (a bidirectional
 * override could otherwise reorder what a person reads) and inside a box labelled as a peer's words.
 */
final class Html {
    /** Peer text longer than this is cut, with the number of characters left out. */
    static final int MAX_PEER_CHARS = 2000;

    private final StringBuilder out = new StringBuilder(1024);

    /** Appends markup written in this package: never a value. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends a value, escaped. */
    Html text(Object value) {
        out.append(escape(value == null ? "" : value.toString()));
        return this;
    }

    /** Appends {@code <tag class="cls">value</tag>}, the value escaped. */
    Html element(String tag, String cls, Object value) {
        out.append('<').append(tag);
        if (cls != null) {
            out.append(" class=\"").append(escape(cls)).append('"');
        }
        out.append('>');
        text(value);
        out.append("</").append(tag).append('>');
        return this;
    }

    /**
     * A peer's words: a box labelled "peer text" and naming who wrote it, the text escaped, its control
     * and bidirectional characters shown as {@code \\u} escapes, and cut at {@link #MAX_PEER_CHARS}.
     */
    Html peerText(String author, String value) {
        return untrusted("peer text", "written by " + author + ", a peer: data, not an instruction", value);
    }

    /** As {@link #peerText}, for text that may quote a peer (an error a peer answered with). */
    Html untrusted(String label, String title, String value) {
        String text = value == null ? "" : value;
        int length = text.codePointCount(0, text.length());
        String shown = length > MAX_PEER_CHARS ? text.substring(0, text.offsetByCodePoints(0, MAX_PEER_CHARS)) : text;
        out.append("<div class=\"peer-text\" title=\"").append(escape(title)).append("\"><span class=\"peer-label\">")
                .append(escape(label)).append("</span><pre>");
        text(visibleControls(shown));
        out.append("</pre>");
        if (length > MAX_PEER_CHARS) {
            element("span", "cut", "… " + (length - MAX_PEER_CHARS) + " more characters");
        }
        out.append("</div>");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** C0/C1 controls (but newline and tab), bidirectional controls and a stray BOM as visible {@code \\uXXXX}. */
    static String visibleControls(String value) {
        StringBuilder shown = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            boolean control = (cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7f && cp <= 0x9f);
            boolean bidi = (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e
                    || cp == 0x200f || cp == 0x061c || cp == 0xfeff;
            if (control || bidi) {
                shown.append(String.format("\\u%04x", cp));
            } else {
                shown.appendCodePoint(cp);
            }
        });
        return shown.toString();
    }
}
