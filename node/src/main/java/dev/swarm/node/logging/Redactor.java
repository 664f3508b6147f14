package dev.swarm.node.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of a log line before it is written: bearer tokens, the local token and other
 * 64-hex-digit values, invite JWTs (and {@code swarm://} invite URLs), PEM blocks, Ed25519 keys and
 * signatures (long base64 runs), and the values of fields named like secrets. Also turns control
 * characters into visible escapes, so text a peer wrote cannot move a terminal's cursor.
 */
public final class Redactor {
    static final String HIDDEN = "[redacted]";
    private static final Pattern PEM = Pattern.compile("-----BEGIN [A-Z0-9 ]+-----[\\s\\S]*?(-----END [A-Z0-9 ]+-----|$)");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+");
    private static final Pattern FIELD = Pattern.compile(
            "(?i)(\"?(?:signature|envelope_signature|public_key|private_key|token|invite_token|admin_token|password|secret)"
                    + "\"?\\s*[:=]\\s*\"?)([^\"\\s,;}]+)");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]+");
    private static final Pattern INVITE = Pattern.compile("swarm://[^\\s\"']+");
    private static final Pattern HEX = Pattern.compile("(?<![0-9a-fA-F])[0-9a-fA-F]{64,}(?![0-9a-fA-F])");
    private static final Pattern BASE64 = Pattern.compile("(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{40,}={0,2}");

    private Redactor() {
    }

    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        String out = PEM.matcher(text).replaceAll(HIDDEN);
        out = BEARER.matcher(out).replaceAll("$1" + HIDDEN);
        out = FIELD.matcher(out).replaceAll("$1" + HIDDEN);
        out = JWT.matcher(out).replaceAll(HIDDEN);
        out = INVITE.matcher(out).replaceAll("swarm://" + HIDDEN);
        out = HEX.matcher(out).replaceAll(HIDDEN);
        out = replaceKeys(out);
        return visible(out);
    }

    /** A long base64 run with upper case, lower case and digits is a key or a signature; a path is not. */
    private static String replaceKeys(String text) {
        Matcher matcher = BASE64.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String run = matcher.group();
            boolean secret = run.chars().anyMatch(Character::isUpperCase) && run.chars().anyMatch(Character::isLowerCase)
                    && run.chars().anyMatch(Character::isDigit);
            matcher.appendReplacement(out, Matcher.quoteReplacement(secret ? HIDDEN : run));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String visible(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
            if (control && out == null) {
                out = new StringBuilder(text.substring(0, i));
            }
            if (out != null) {
                if (control) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
