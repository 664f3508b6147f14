package dev.swarm.node.lease;

import dev.swarm.node.error.SwarmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A path or glob in a repository, relative to its root, with {@code /} between segments. Three
 * wildcards: {@code *} any run of characters within one segment, {@code ?} one character within a
 * segment, and {@code **} as a whole segment, zero or more segments ({@code src/**} is {@code src}
 * and everything under it; a trailing {@code /} means the same). Every other character is literal
 * (brackets and braces too: {@code pages/[id].tsx} is a file name). Refused: an empty glob, more than
 * {@value #MAX_CHARS} characters or {@value #MAX_SEGMENTS} segments, a leading {@code /}, empty,
 * {@code .} or {@code ..} segments, {@code **} inside a segment, a backslash, a control character or an
 * invisible format character (a bidirectional override could make a lease read as another path).
 *
 * <p>Two globs <b>overlap</b> when some path matches both. The test is exact, not a guess: segment
 * by segment, where {@code **} may stand for any number of the other glob's segments, and two
 * segments overlap when some non-empty name matches both (the usual intersection of two wildcard
 * patterns). Matching is case-sensitive, as git is.
 */
public final class LeaseGlob {
    public static final int MAX_CHARS = 256;
    public static final int MAX_SEGMENTS = 32;
    static final String ANY_DEPTH = "**";

    private final String text;
    private final List<String> segments;

    private LeaseGlob(String text, List<String> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    /** Parses a glob, or says what is wrong with it (worded without naming a flag). */
    public static LeaseGlob parse(String glob) {
        Optional<String> problem = check(glob);
        if (problem.isPresent()) {
            throw SwarmException.invalidArgument("the path or glob '" + printable(glob) + "' " + problem.get());
        }
        return normalised(glob);
    }

    /** What is wrong with a glob, if anything. */
    public static Optional<String> check(String glob) {
        if (glob == null || glob.isEmpty()) {
            return Optional.of("is empty");
        }
        if (glob.length() > MAX_CHARS) {
            return Optional.of("is longer than " + MAX_CHARS + " characters");
        }
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || c == '\\') {
                return Optional.of("holds a control or format character (such as a bidirectional override) or a"
                        + " backslash");
            }
        }
        if (glob.startsWith("/")) {
            return Optional.of("starts with '/': give it relative to the repository's root");
        }
        String body = glob.endsWith("/") ? glob.substring(0, glob.length() - 1) : glob;
        String[] parts = body.split("/", -1);
        if (parts.length + (glob.endsWith("/") ? 1 : 0) > MAX_SEGMENTS) {
            return Optional.of("has more than " + MAX_SEGMENTS + " segments");
        }
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return Optional.of("has an empty, '.' or '..' segment");
            }
            if (part.contains(ANY_DEPTH) && !part.equals(ANY_DEPTH)) {
                return Optional.of("has '**' inside a segment; '**' stands alone between slashes");
            }
        }
        return Optional.empty();
    }

    private static LeaseGlob normalised(String glob) {
        List<String> segments = new ArrayList<>(Arrays.asList(
                (glob.endsWith("/") ? glob.substring(0, glob.length() - 1) : glob).split("/", -1)));
        if (glob.endsWith("/")) {
            segments.add(ANY_DEPTH);
        }
        // consecutive ** mean the same as one
        List<String> compact = new ArrayList<>();
        for (String segment : segments) {
            boolean repeated = segment.equals(ANY_DEPTH) && !compact.isEmpty()
                    && compact.get(compact.size() - 1).equals(ANY_DEPTH);
            if (!repeated) {
                compact.add(segment);
            }
        }
        return new LeaseGlob(String.join("/", compact), compact);
    }

    /** The glob as stored and sent: a trailing {@code /} written as {@code /**}. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LeaseGlob glob && glob.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /**
     * True when the repository path (segments separated by {@code /}, already normalised by
     * {@link #normalisePath}) matches this glob.
     */
    public boolean matches(String path) {
        List<String> parts = Arrays.asList(path.split("/", -1));
        return new Overlap(segments, parts, true).from(0, 0);
    }

    /** True when some path matches both globs. */
    public boolean overlaps(LeaseGlob other) {
        return new Overlap(segments, other.segments, false).from(0, 0);
    }

    /**
     * A path as git or a user gives it, relative to the repository's root: {@code .} and empty segments
     * dropped, {@code ..} applied. Empty when it is empty or leaves the repository.
     */
    public static Optional<String> normalisePath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        List<String> kept = new ArrayList<>();
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (kept.isEmpty()) {
                    return Optional.empty();
                }
                kept.remove(kept.size() - 1);
                continue;
            }
            kept.add(part);
        }
        return kept.isEmpty() ? Optional.empty() : Optional.of(String.join("/", kept));
    }

    /** A glob as it may be shown in an error: control characters as {@code \\uXXXX}, cut at 80. */
    private static String printable(String glob) {
        if (glob == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length() && out.length() < 80; i++) {
            char c = glob.charAt(i);
            boolean hidden = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
            out.append(hidden ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /**
     * Whether two segment lists share a path: {@code a} is a glob; {@code b} is another glob, or a
     * path's literal segments when {@code literal}.
     */
    private static final class Overlap {
        private final List<String> a;
        private final List<String> b;
        private final boolean literal;
        private final Map<Long, Boolean> memo = new HashMap<>();

        Overlap(List<String> a, List<String> b, boolean literal) {
            this.a = a;
            this.b = b;
            this.literal = literal;
        }

        boolean from(int i, int j) {
            long key = ((long) i << 32) | j;
            Boolean known = memo.get(key);
            if (known != null) {
                return known;
            }
            boolean result = compute(i, j);
            memo.put(key, result);
            return result;
        }

        private boolean compute(int i, int j) {
            boolean aDone = i == a.size();
            boolean bDone = j == b.size();
            if (aDone && bDone) {
                return true;
            }
            boolean aAny = !aDone && a.get(i).equals(ANY_DEPTH);
            boolean bAny = !bDone && !literal && b.get(j).equals(ANY_DEPTH);
            if (aAny && (from(i + 1, j) || !bDone && from(i, j + 1))) {
                return true;
            }
            if (bAny && (from(i, j + 1) || !aDone && from(i + 1, j))) {
                return true;
            }
            if (aDone || bDone || aAny || bAny) {
                return false;
            }
            boolean segment = literal ? Segment.matches(a.get(i), b.get(j)) : Segment.overlap(a.get(i), b.get(j));
            return segment && from(i + 1, j + 1);
        }
    }

    /** One segment's wildcards: {@code *} and {@code ?}. */
    private static final class Segment {
        private Segment() {
        }

        /** True when some name matches both patterns (a name matching both, non-empty, always exists then). */
        static boolean overlap(String p, String q) {
            Boolean[][] memo = new Boolean[p.length() + 1][q.length() + 1];
            return overlap(p, q, 0, 0, memo);
        }

        private static boolean overlap(String p, String q, int i, int j, Boolean[][] memo) {
            if (memo[i][j] != null) {
                return memo[i][j];
            }
            boolean result;
            if (i < p.length() && p.charAt(i) == '*') {
                result = overlap(p, q, i + 1, j, memo) || j < q.length() && overlap(p, q, i, j + 1, memo);
            } else if (j < q.length() && q.charAt(j) == '*') {
                result = overlap(p, q, i, j + 1, memo) || i < p.length() && overlap(p, q, i + 1, j, memo);
            } else if (i < p.length() && j < q.length()) {
                char a = p.charAt(i);
                char b = q.charAt(j);
                result = (a == '?' || b == '?' || a == b) && overlap(p, q, i + 1, j + 1, memo);
            } else {
                result = i == p.length() && j == q.length();
            }
            memo[i][j] = result;
            return result;
        }

        /** True when the literal name matches the pattern. */
        static boolean matches(String pattern, String name) {
            boolean[][] memo = new boolean[pattern.length() + 2][name.length() + 2];
            boolean[][] seen = new boolean[pattern.length() + 2][name.length() + 2];
            return matches(pattern, name, 0, 0, memo, seen);
        }

        private static boolean matches(String p, String n, int i, int j, boolean[][] memo, boolean[][] seen) {
            if (seen[i][j]) {
                return memo[i][j];
            }
            boolean result;
            if (i == p.length()) {
                result = j == n.length();
            } else if (p.charAt(i) == '*') {
                result = matches(p, n, i + 1, j, memo, seen) || j < n.length() && matches(p, n, i, j + 1, memo, seen);
            } else {
                result = j < n.length() && (p.charAt(i) == '?' || p.charAt(i) == n.charAt(j))
                        && matches(p, n, i + 1, j + 1, memo, seen);
            }
            seen[i][j] = true;
            memo[i][j] = result;
            return result;
        }
    }
}
