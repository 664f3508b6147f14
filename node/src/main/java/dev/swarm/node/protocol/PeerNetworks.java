package dev.swarm.node.protocol;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which networks this node posts to (the guard against server-side request forgery: a member's
 * endpoint is chosen by that member, so without it every node would call wherever a member points).
 * Addresses fall in one of the {@link Kind}s. Link-local (cloud metadata at 169.254.169.254), the
 * known metadata addresses outside it, multicast, unspecified, broadcast and reserved addresses are
 * never called. Public addresses always are; loopback and private ones only when allowed: by the
 * setting {@code peer_networks}, or by default ({@code auto}) when this node's own endpoint is in that
 * class (two nodes on one machine, agents on one LAN). The check is made on literal addresses in
 * endpoint URLs (at join, in announcements, before each call) and on every address a name resolves
 * to, before connecting (the peer client's DNS), so a name cannot resolve around it.
 */
public final class PeerNetworks {
    /** The class of an address. Only the first three can ever be allowed. */
    public enum Kind {
        PUBLIC("public"), PRIVATE("private"), LOOPBACK("loopback"), LINK_LOCAL("link-local"),
        METADATA("a cloud metadata address"), MULTICAST("multicast"), UNSPECIFIED("unspecified"),
        RESERVED("reserved");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public boolean allowable() {
            return this == PUBLIC || this == PRIVATE || this == LOOPBACK;
        }
    }

    /** Every allowable class: for tests and tools that call whatever they are given (never a node's default). */
    public static final PeerNetworks ANY_ALLOWABLE = new PeerNetworks(() ->
            EnumSet.of(Kind.PUBLIC, Kind.PRIVATE, Kind.LOOPBACK), "public, private, loopback");

    private final Supplier<Set<Kind>> allowed;
    private final String described;
    private volatile Set<Kind> resolved;

    private PeerNetworks(Supplier<Set<Kind>> allowed, String described) {
        this.allowed = allowed;
        this.described = described;
    }

    /**
     * The policy of a node whose own endpoint is {@code ownEndpoint}, from the setting's value: {@code
     * auto} (or empty) or a comma-separated list of {@code public}, {@code private}, {@code loopback}.
     * With {@code auto}, the own endpoint's host is looked at (resolved once, on first use, when it is a
     * name); one that cannot be resolved allows public addresses only. {@code allowInsecureLoopback}
     * (http:// on loopback) implies loopback.
     */
    public static PeerNetworks of(String setting, String ownEndpoint, boolean allowInsecureLoopback) {
        String value = setting == null ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.equals("auto")) {
            return new PeerNetworks(() -> {
                Set<Kind> kinds = EnumSet.of(Kind.PUBLIC);
                kinds.addAll(ownKinds(ownEndpoint));
                if (allowInsecureLoopback) {
                    kinds.add(Kind.LOOPBACK);
                }
                return kinds;
            }, "auto");
        }
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (String part : value.split(",")) {
            String name = part.strip();
            switch (name) {
                case "public" -> kinds.add(Kind.PUBLIC);
                case "private" -> kinds.add(Kind.PRIVATE);
                case "loopback" -> kinds.add(Kind.LOOPBACK);
                default -> throw new IllegalArgumentException("peer_networks must be auto or a comma-separated list of"
                        + " public, private, loopback; got '" + name + "'");
            }
        }
        if (allowInsecureLoopback) {
            kinds.add(Kind.LOOPBACK);
        }
        Set<Kind> fixed = Set.copyOf(kinds);
        return new PeerNetworks(() -> fixed, value);
    }

    /** The classes this node calls. */
    public Set<Kind> allowed() {
        Set<Kind> kinds = resolved;
        if (kinds == null) {
            kinds = Set.copyOf(allowed.get());
            resolved = kinds;
        }
        return kinds;
    }

    /** Why this node will not call {@code address}, or empty when it will. */
    public Optional<String> problem(InetAddress address) {
        Kind kind = classify(address);
        if (allowed().contains(kind)) {
            return Optional.empty();
        }
        String what = address.getHostAddress() + " is " + kind.words + (kind.allowable() ? "" : " (never called)");
        return Optional.of(kind.allowable() ? what + "; this node calls " + allowedWords()
                + " addresses (peer_networks " + described + ")" : what);
    }

    /**
     * For the host of an endpoint URL: why it is refused, or empty when it is a name (checked when it
     * is resolved) or an allowed address. A host of only digits and dots must be a dotted quad: HTTP
     * clients read "2130706433" or "127.1" as addresses, and such spellings hide where they point.
     */
    public Optional<String> hostProblem(String host) {
        Optional<InetAddress> literal;
        try {
            literal = literal(host);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (literal.isEmpty()) {
            String bare = bare(host).toLowerCase(Locale.ROOT);
            if (bare.equals("localhost") || bare.endsWith(".localhost")) {
                return allowed().contains(Kind.LOOPBACK) ? Optional.empty()
                        : Optional.of(host + " is loopback; this node calls " + allowedWords()
                        + " addresses (peer_networks " + described + ")");
            }
            return Optional.empty();
        }
        return problem(literal.get());
    }

    private String allowedWords() {
        return String.join(" and ", allowed().stream().map(k -> k.words).toList());
    }

    /** The address a host names literally (an IP address, IPv6 in brackets or not), or empty for a name. */
    static Optional<InetAddress> literal(String host) {
        String bare = bare(host);
        try {
            if (bare.contains(":")) {
                int zone = bare.indexOf('%');
                return Optional.of(InetAddress.getByName(zone < 0 ? bare : bare.substring(0, zone)));
            }
            if (bare.matches("[0-9.]+")) {
                String[] parts = bare.split("\\.", -1);
                if (parts.length != 4) {
                    throw new IllegalArgumentException("a host of digits must be a dotted-quad IPv4 address: " + host);
                }
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    if (parts[i].isEmpty() || parts[i].length() > 3 || (parts[i].length() > 1 && parts[i].charAt(0) == '0')
                            || Integer.parseInt(parts[i]) > 255) {
                        throw new IllegalArgumentException("a host of digits must be a dotted-quad IPv4 address "
                                + "(no leading zeros): " + host);
                    }
                    bytes[i] = (byte) Integer.parseInt(parts[i]);
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + host);
        }
        return Optional.empty();
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The class of an address; IPv4 inside IPv6 (mapped, compatible, 6to4, NAT64) is judged by the IPv4 address. */
    public static Kind classify(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<byte[]> inner = embeddedV4(b);
            if (inner.isPresent()) {
                return classifyV4(inner.get());
            }
            return classifyV6(b);
        }
        return classifyV4(address.getAddress());
    }

    private static Kind classifyV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 169 && a1 == 254) {
            return Kind.LINK_LOCAL;
        }
        if (a0 == 100 && a1 == 100 && (b[2] & 0xff) == 100 && (b[3] & 0xff) == 200) {
            return Kind.METADATA; // Alibaba Cloud's metadata service, inside the shared address space
        }
        if (a0 == 0) {
            return Kind.UNSPECIFIED; // "this network", 0.0.0.0 among it
        }
        if (a0 == 127) {
            return Kind.LOOPBACK;
        }
        if (a0 >= 224 && a0 <= 239) {
            return Kind.MULTICAST;
        }
        if (a0 >= 240) {
            return Kind.RESERVED; // 240/4 and the broadcast address
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)
                || (a0 == 100 && a1 >= 64 && a1 <= 127) || (a0 == 198 && (a1 == 18 || a1 == 19))) {
            return Kind.PRIVATE; // RFC 1918, shared address space (CGNAT), benchmarking
        }
        return Kind.PUBLIC;
    }

    private static Kind classifyV6(byte[] b) {
        boolean allZeroButLast = true;
        for (int i = 0; i < 15; i++) {
            allZeroButLast &= b[i] == 0;
        }
        if (allZeroButLast && b[15] == 0) {
            return Kind.UNSPECIFIED;
        }
        if (allZeroButLast && b[15] == 1) {
            return Kind.LOOPBACK;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0xff) {
            return Kind.MULTICAST;
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Kind.LINK_LOCAL; // fe80::/10
        }
        if (isAwsMetadata(b)) {
            return Kind.METADATA; // fd00:ec2::254, the IPv6 metadata service of EC2
        }
        if ((first & 0xfe) == 0xfc || (first == 0xfe && (second & 0xc0) == 0xc0)) {
            return Kind.PRIVATE; // unique local fc00::/7, the old site-local fec0::/10
        }
        if (first == 0x20 && second == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
            return Kind.RESERVED; // 2001:db8::/32, documentation
        }
        if ((first & 0xe0) != 0x20) {
            return Kind.RESERVED; // outside 2000::/3, the global unicast space
        }
        return Kind.PUBLIC;
    }

    private static boolean isAwsMetadata(byte[] b) {
        byte[] aws = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
        return java.util.Arrays.equals(b, aws);
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, 6to4 or NAT64 (64:ff9b::/96) address. */
    private static Optional<byte[]> embeddedV4(byte[] b) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        boolean mapped = firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (mapped || compatible || nat64) {
            return Optional.of(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Optional.of(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4
        }
        return Optional.empty();
    }

    /** The classes of this node's own endpoint host (resolved when it is a name); none when unknown. */
    private static Set<Kind> ownKinds(String ownEndpoint) {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        if (ownEndpoint == null) {
            return kinds;
        }
        String host;
        try {
            host = new URI(ownEndpoint).getHost();
        } catch (java.net.URISyntaxException e) {
            return kinds;
        }
        if (host == null) {
            return kinds;
        }
        String bare = bare(host).toLowerCase(Locale.ROOT);
        if (bare.equals("localhost") || bare.endsWith(".localhost")) {
            kinds.add(Kind.LOOPBACK);
            return kinds;
        }
        try {
            Optional<InetAddress> literal = literal(host);
            InetAddress[] addresses = literal.isPresent() ? new InetAddress[] {literal.get()}
                    : InetAddress.getAllByName(bare);
            for (InetAddress address : addresses) {
                Kind kind = classify(address);
                if (kind == Kind.PRIVATE || kind == Kind.LOOPBACK) {
                    kinds.add(kind);
                }
            }
        } catch (IllegalArgumentException | UnknownHostException | SecurityException e) {
            // an own endpoint that does not resolve says nothing: public addresses only
        }
        return kinds;
    }

    @Override
    public String toString() {
        return "peer_networks " + described + " (" + allowedWords() + ")";
    }
}
