package dev.swarm.node.server;

import java.util.Locale;

/**
 * The {@code Host} header a request to the local API may carry: a loopback name, any port (an SSH
 * tunnel's local port differs from the daemon's). Anything else is a page on another site whose name
 * was made to resolve to 127.0.0.1 (DNS rebinding) and is refused before any route runs.
 */
public final class LoopbackHost {
    private LoopbackHost() {
    }

    public static boolean allowed(String host) {
        if (host == null || host.isEmpty() || host.length() > 255) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end > 0 && name.substring(0, end + 1).equals("[::1]") && port(name.substring(end + 1));
        }
        int colon = name.indexOf(':');
        String bare = colon < 0 ? name : name.substring(0, colon);
        return (bare.equals("localhost") || bare.equals("127.0.0.1")) && port(colon < 0 ? "" : name.substring(colon));
    }

    private static boolean port(String rest) {
        return rest.isEmpty() || rest.matches(":[0-9]{1,5}");
    }
}
