package dev.swarm.node.membership;

import dev.swarm.node.state.Database;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses the members' endpoints resolve to, in every swarm this node is in. Before a request
 * is read nobody is known, but a request that comes from a member's own address is very likely that
 * member's (a TCP connection cannot come from an address it does not hold), so the server's
 * admission keeps the node's overall caps for strangers and lets such requests in on their address's
 * share alone: an attacker with many addresses can fill the caps, but not shut members out. A member
 * whose node posts from another address than its endpoint's (a NAT, a tunnel) is treated as a
 * stranger, as before. Names are resolved off the request path, by {@link #refresh} (the node calls
 * it at start and every minute), so a new member's address counts within a minute.
 */
public final class MemberAddresses implements Predicate<String> {
    private static final Logger LOG = LoggerFactory.getLogger(MemberAddresses.class);

    private final Database database;
    private volatile Set<String> addresses = Set.of();

    public MemberAddresses(Database database) {
        this.database = database;
    }

    /** Resolves every member's endpoint again; a name that does not resolve is left out. */
    public void refresh() {
        List<String> endpoints = database.read(store -> store.members().endpoints());
        Set<String> resolved = new HashSet<>();
        for (String endpoint : endpoints) {
            String host;
            try {
                host = URI.create(endpoint).getHost();
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (host == null) {
                continue;
            }
            try {
                for (InetAddress address : InetAddress.getAllByName(unbracketed(host))) {
                    resolved.add(address.getHostAddress());
                }
            } catch (UnknownHostException e) {
                LOG.debug("member endpoint {} does not resolve: {}", endpoint, e.getMessage());
            }
        }
        addresses = Set.copyOf(resolved);
    }

    /** Whether {@code address} (a literal IPv4 or IPv6 address, as the server saw it) is a member's. */
    @Override
    public boolean test(String address) {
        Set<String> known = addresses;
        if (known.isEmpty() || address == null) {
            return false;
        }
        if (known.contains(address)) {
            return true;
        }
        String literal = unbracketed(address);
        if (literal.indexOf(':') < 0) {
            return false; // IPv4 text is already in the one form getHostAddress writes
        }
        try {
            // in brackets the text is parsed as an IPv6 literal or refused, never looked up
            return known.contains(InetAddress.getByName("[" + literal + "]").getHostAddress());
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
