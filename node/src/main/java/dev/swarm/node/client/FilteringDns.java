package dev.swarm.node.client;

import dev.swarm.node.protocol.PeerNetworks;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Dns;

/**
 * The peer client's name resolution: the system's, keeping only the addresses {@link PeerNetworks}
 * allows. A name that resolves only to refused addresses (cloud metadata, loopback on a public node)
 * is never connected to, whatever the endpoint URL said; it fails with {@link RefusedAddress}.
 * Literal addresses in URLs do not come here (OkHttp connects to them directly), so
 * {@link dev.swarm.node.protocol.EndpointPolicy} checks those before each call.
 */
final class FilteringDns implements Dns {
    private final PeerNetworks networks;
    private final Dns system;

    FilteringDns(PeerNetworks networks, Dns system) {
        this.networks = networks;
        this.system = system;
    }

    /** A name this node will not connect to: none of its addresses is in an allowed network. */
    static final class RefusedAddress extends UnknownHostException {
        RefusedAddress(String message) {
            super(message);
        }
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> allowed = new ArrayList<>();
        String firstProblem = null;
        for (InetAddress address : system.lookup(hostname)) {
            var problem = networks.problem(address);
            if (problem.isEmpty()) {
                allowed.add(address);
            } else if (firstProblem == null) {
                firstProblem = problem.get();
            }
        }
        if (allowed.isEmpty()) {
            throw new RefusedAddress(hostname + " resolves to no address this node calls: " + firstProblem);
        }
        return allowed;
    }
}
