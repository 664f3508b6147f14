package dev.swarm.node.protocol;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Which agent endpoints this node accepts and calls: {@code https://} always; {@code http://} only
 * when the host is loopback and the operator allowed it ({@code --allow-insecure-loopback}), for
 * local tests and nodes behind a TLS proxy on the same host; and, with {@code networks}, only hosts
 * whose literal address is in a network this node calls ({@link PeerNetworks}; names are checked
 * when the client resolves them). Without {@code networks} only the URL's shape is checked, for
 * endpoints that are never called (a stored envelope's sender, one's own endpoint).
 */
public record EndpointPolicy(boolean allowInsecureLoopback, PeerNetworks networks) {
    public static final int MAX_LENGTH = 2048;

    /** The URL's shape only. */
    public EndpointPolicy(boolean allowInsecureLoopback) {
        this(allowInsecureLoopback, null);
    }

    /** The same rules for the URL's shape, without the network check. */
    public EndpointPolicy shapeOnly() {
        return networks == null ? this : new EndpointPolicy(allowInsecureLoopback, null);
    }

    /** Empty when the endpoint is acceptable, else the reason in words. */
    public Optional<String> problem(String endpoint) {
        Optional<String> shape = shapeProblem(endpoint);
        if (shape.isPresent() || networks == null) {
            return shape;
        }
        String host = URI.create(endpoint).getHost();
        return networks.hostProblem(host).map(why -> "a URL this node calls (" + why + ")");
    }

    private Optional<String> shapeProblem(String endpoint) {
        if (endpoint == null || endpoint.isEmpty()) {
            return Optional.of("an endpoint URL is required");
        }
        if (endpoint.length() > MAX_LENGTH) {
            return Optional.of("an endpoint URL of at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            return Optional.of("a valid URL");
        }
        // case-sensitive on purpose: older peers check for the literal prefix "https://"
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return Optional.of("an absolute URL with a host and no user, query or fragment");
        }
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (scheme.equals("http")) {
            if (!isLoopback(uri.getHost())) {
                return Optional.of("an https:// URL (http:// is only allowed for loopback hosts)");
            }
            if (!allowInsecureLoopback) {
                return Optional.of("an https:// URL (http:// on loopback needs --allow-insecure-loopback)");
            }
            return Optional.empty();
        }
        return Optional.of("an https:// URL");
    }

    public boolean accepts(String endpoint) {
        return problem(endpoint).isEmpty();
    }

    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false; // a name other than localhost: never resolved here, never trusted as loopback
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
