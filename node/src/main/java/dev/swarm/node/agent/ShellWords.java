package dev.swarm.node.agent;

import java.util.regex.Pattern;

/** Quoting for the POSIX shell that agents run hook commands with. */
public final class ShellWords {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=+@%-]+");

    private ShellWords() {
    }

    /** The word as it is when nothing in it is special to the shell, else in single quotes. */
    public static String quote(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
