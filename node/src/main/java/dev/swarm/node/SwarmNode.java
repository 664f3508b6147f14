package dev.swarm.node;

import dev.swarm.node.client.PeerClient;
import dev.swarm.node.coordination.Sequencer;
import dev.swarm.node.coordination.Takeover;
import dev.swarm.node.dashboard.Dashboard;
import dev.swarm.node.doctor.Doctor;
import dev.swarm.node.doctor.ProbeResponder;
import dev.swarm.node.delivery.Deliverer;
import dev.swarm.node.delivery.DeliveryStats;
import dev.swarm.node.delivery.DeliveryWorker;
import dev.swarm.node.delivery.Dispatcher;
import dev.swarm.node.delivery.OutboxService;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.coordination.GuardNotices;
import dev.swarm.node.coordination.LoopGuard;
import dev.swarm.node.coordination.RoleAddressing;
import dev.swarm.node.coordination.Roles;
import dev.swarm.node.github.ClaimConflicts;
import dev.swarm.node.github.IssueBoard;
import dev.swarm.node.github.GitHubClient;
import dev.swarm.node.github.IssueEvents;
import dev.swarm.node.github.IssueService;
import dev.swarm.node.lease.LeaseCheck;
import dev.swarm.node.lease.LeaseEvents;
import dev.swarm.node.lease.LeaseRecorder;
import dev.swarm.node.lease.LeaseService;
import dev.swarm.node.github.IssueWatcher;
import dev.swarm.node.identity.AdminToken;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.identity.ServeLock;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.membership.Announcer;
import dev.swarm.node.membership.InviteService;
import dev.swarm.node.membership.JoinApprovals;
import dev.swarm.node.membership.JoinHandler;
import dev.swarm.node.membership.JoinService;
import dev.swarm.node.membership.KeyRotation;
import dev.swarm.node.membership.LifecycleService;
import dev.swarm.node.membership.MemberAddresses;
import dev.swarm.node.membership.MemberDirectory;
import dev.swarm.node.membership.MemberInfoLookup;
import dev.swarm.node.membership.MembershipRefresh;
import dev.swarm.node.membership.PendingJoinRetrier;
import dev.swarm.node.membership.SwarmResolver;
import dev.swarm.node.membership.SwarmService;
import dev.swarm.node.membership.SystemMessageRules;
import dev.swarm.node.membership.TransferService;
import dev.swarm.node.messaging.DeliveryOutcomes;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.messaging.InboxService;
import dev.swarm.node.messaging.InboxWriter;
import dev.swarm.node.messaging.MessageReceiver;
import dev.swarm.node.messaging.MessageService;
import dev.swarm.node.messaging.MuteService;
import dev.swarm.node.messaging.Receipts;
import dev.swarm.node.messaging.ReplyWaiters;
import dev.swarm.node.messaging.Restamping;
import dev.swarm.node.messaging.StoreHook;
import dev.swarm.node.observe.MetricsRoutes;
import dev.swarm.node.observe.NodeMetrics;
import dev.swarm.node.presence.PeerPoster;
import dev.swarm.node.presence.Presence;
import dev.swarm.node.presence.PresenceRules;
import dev.swarm.node.presence.PresenceService;
import dev.swarm.node.presence.StuckWatch;
import dev.swarm.node.presence.WhoService;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.server.LocalApi;
import dev.swarm.node.server.LocalApiController;
import dev.swarm.node.server.NodeServer;
import dev.swarm.node.server.ServerConfig;
import dev.swarm.node.state.Database;
import dev.swarm.node.status.StatusService;
import dev.swarm.node.agent.AgentSetups;
import dev.swarm.node.agent.SetupRequest;
import dev.swarm.node.agent.SwarmCommandPath;
import dev.swarm.node.hook.HookService;
import dev.swarm.node.wake.AgentActivity;
import dev.swarm.node.wake.ReadHint;
import dev.swarm.node.wake.WakeConfig;
import dev.swarm.node.wake.WakePolicy;
import dev.swarm.node.wake.WakeService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one object that wires a node together. The CLI, {@code swarm serve} and the tests all start
 * this. Opening it is cheap (the database file and a few objects); the HTTP client is made the first
 * time a peer is called, and the server only by {@link #serve}.
 */
public final class SwarmNode implements AutoCloseable {
    /**
     * What this node advertises in {@code /info}, sends with its join requests and records for itself;
     * extensions add theirs here.
     */
    public static final List<String> CAPABILITIES = List.of(ProtocolVersion.ENVELOPE_SIGNATURE_V1,
            ProtocolVersion.MASTER_COMMIT_V1, ProtocolVersion.KEY_ROTATION_V1, ProtocolVersion.COORDINATION_ACK_V1,
            Presence.CAPABILITY);

    private static final Logger LOG = LoggerFactory.getLogger(SwarmNode.class);

    private final SwarmHome home;
    private final Identity identity;
    private final NodeOptions options;
    private final Database database;
    private final MemberDirectory directory;
    private final MemberAddresses memberAddresses;
    private final Envelopes envelopes;
    private final SwarmResolver resolver;
    private final String owner = "pid-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final Object closing = new Object();
    private final DeliveryStats deliveryStats = new DeliveryStats();
    private final ReplyWaiters replies = new ReplyWaiters();
    private volatile boolean serving;
    private PeerClient client;
    private Deliverer deliverer;
    private Dispatcher dispatcher;
    private GitHubClient github;
    private volatile MembershipRefresh membershipRefresh;

    private SwarmNode(SwarmHome home, Identity identity, NodeOptions options, Database database) {
        this.home = home;
        this.identity = identity;
        this.options = options;
        this.database = database;
        this.directory = new MemberDirectory(database);
        this.memberAddresses = new MemberAddresses(database);
        this.envelopes = new Envelopes(identity, options.clock());
        this.resolver = new SwarmResolver(database);
    }

    /** Opens the node; a key rotation a crash interrupted is finished or dropped first ({@link KeyRotation}). */
    public static SwarmNode open(SwarmHome home, Identity identity, NodeOptions options) {
        Database database = Database.open(home.database());
        return new SwarmNode(home, KeyRotation.recover(home, database, identity), options, database);
    }

    /** Learning members the master never announced, while serving; null before {@link #serve}. */
    public MembershipRefresh membershipRefresh() {
        return membershipRefresh;
    }

    /** Rotating this agent's key ({@code swarm rotate-key}). */
    public KeyRotation keyRotation() {
        return new KeyRotation(home, database, identity, outcomes(), options.clock());
    }

    public Identity identity() {
        return identity;
    }

    public SwarmHome home() {
        return home;
    }

    public Database database() {
        return database;
    }

    public SwarmResolver resolver() {
        return resolver;
    }

    public SwarmService swarms() {
        return new SwarmService(database, identity, CAPABILITIES, options.clock());
    }

    public InviteService invites() {
        return new InviteService(database, identity, options.clock());
    }

    public JoinService joins() {
        return new JoinService(database, identity, CAPABILITIES, client(), directory, options.clock());
    }

    public JoinApprovals approvals() {
        return new JoinApprovals(database, identity, announcer(), dispatcher(), directory, options.clock());
    }

    /** Leaving, kicking and dissolving. */
    public LifecycleService lifecycle() {
        return new LifecycleService(database, identity, announcer(), outcomes(),
                directory, options.clock());
    }

    /** Handing the master role to another member. */
    public TransferService transfers() {
        return new TransferService(database, identity, envelopes, client(), directory, outcomes(), options.clock());
    }

    public MuteService mutes() {
        return new MuteService(database, options.clock());
    }

    public MessageService messages() {
        return new MessageService(database, identity, resolver, envelopes, outcomes(),
                options.limits().maxContentChars(), options.clock(), swarmId -> joins().refresh(swarmId),
                storeHooks(), new RoleAddressing(identity.agentId()));
    }

    public OutboxService outbox() {
        return new OutboxService(database, dispatcher(), options.clock());
    }

    /** This process's delivery counters (the daemon's, when serving). */
    public DeliveryStats deliveryStats() {
        return deliveryStats;
    }

    /**
     * Claims and the issue board. GitHub comments are posted only when a token is configured; the
     * client is made then, and closed with the node.
     */
    public synchronized IssueService issues() {
        return new IssueService(database, identity, resolver, messages(), options.github().hasToken() ? github() : null);
    }

    private synchronized GitHubClient github() {
        if (github == null) {
            github = new GitHubClient(options.github().apiBase(), options.github().token(), options.client());
        }
        return github;
    }

    /** {@code swarm lease}: file and path leases. */
    public LeaseService leases() {
        return new LeaseService(database, identity.agentId(), resolver, this::messages, options.clock());
    }

    /** Whether a change may touch paths (the pre-commit hook's question). */
    public LeaseCheck leaseCheck() {
        return new LeaseCheck(leases(), identity.agentId());
    }

    /** {@code swarm role}: the roles this node's agent holds. */
    public Roles roles() {
        return new Roles(identity.agentId(), database, resolver, options.clock());
    }

    /** {@code swarm who}: every member's presence, claims and reachability. */
    public WhoService who() {
        return new WhoService(identity.agentId(), database, resolver, issues(), leases(), options.coordination(),
                options.clock(),
                () -> serving || ServeLock.holder(home).isPresent());
    }

    public InboxService inbox() {
        return new InboxService(database, options.clock(), receipts());
    }

    public StatusService status() {
        return new StatusService(home, identity, database, options.clock());
    }

    /**
     * Starts the public server, the inbox writer, the delivery worker and (when repositories are
     * configured) the GitHub issue watcher until {@link #close}; holds
     * the serve lock meanwhile, so commands of this identity leave delivery to this process.
     */
    public synchronized NodeServer serve(ServerConfig config) {
        return serve(config, "127.0.0.1", 0);
    }

    /**
     * As {@link #serve(ServerConfig)}, with the local API on {@code apiHost:apiPort} (loopback only;
     * port 0 picks a free one). The lock file then names the API's URL for tools on this host.
     */
    public synchronized NodeServer serve(ServerConfig config, String apiHost, int apiPort) {
        if (options.github().watching() && identity.agentId().equals(options.github().notifyTarget())) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "github_notify is this node's own agent ("
                    + identity.agentId() + "): the issue watcher notifies another agent (a coordinator) or broadcast");
        }
        ServeLock lock = ServeLock.acquire(home, "starting, endpoint " + identity.endpoint());
        serving = true;
        closeables.push(lock);
        InboxWriter writer = new InboxWriter(database, directory);
        closeables.push(writer);
        closeables.push(new DeliveryWorker(database, deliverer(), options.clock()).start());
        closeables.push(new PendingJoinRetrier(database, joins()).start());
        MessageReceiver receiver = new MessageReceiver(identity.agentId(), directory,
                new SystemMessageRules(identity.agentId(), client().endpoints(), announcer(),
                        new MemberInfoLookup(database, client(), directory)), writer, client().endpoints(),
                config.limits(), options.clock(), storeHooks());
        membershipRefresh = new MembershipRefresh(joins(), directory, options.clock());
        receiver.learnMembersWith(membershipRefresh);
        Takeover takeover = new Takeover(identity.agentId(), database, sequencer());
        closeables.push(takeover.start());
        receiver.addListener(takeover::stored);
        receiver.addRule(new PresenceRules(options.clock()));
        receiver.addRule(new LoopGuard(options.coordination(), options.clock()));
        receiver.addRule(GuardNotices.reports(options.clock()));
        GuardNotices notices = new GuardNotices(identity.agentId(), database, envelopes, dispatcher(),
                options.coordination(), options.clock());
        closeables.push(notices);
        receiver.addListener(notices::stored);
        AgentActivity activity = new AgentActivity(options.clock());
        ReadHint hint = readHint();
        WakeService wake = null;
        if (options.wake().method() != WakeConfig.Method.NONE) {
            wake = new WakeService(options.wake(), identity.agentId(), database, options.clock(), options.zone(),
                    WakeService.waker(options.wake(), activity, options.clock()), receipts(), hint, activity);
            closeables.push(wake);
            receiver.addListener(wake::stored);
        }
        // one board for the services that run on their own threads, so that none of them ever waits for
        // this node's monitor (issues() is synchronized)
        IssueService board = issues();
        closeables.push(new PresenceService(identity.agentId(), database, envelopes, new PeerPoster(client()),
                activity, options.coordination(), options.clock(), swarmId -> ownClaims(board, swarmId)).start());
        closeables.push(new StuckWatch(identity.agentId(), who(), database, wake, options.coordination(),
                options.clock()).start());
        receiver.addListener(replies::stored);
        ClaimConflicts conflicts = new ClaimConflicts(identity, board, wake, database, options.clock());
        closeables.push(conflicts);
        receiver.addListener(conflicts::stored);
        if (options.github().watching()) {
            closeables.push(new IssueWatcher(options.github(), github(), database, resolver, messages(), options.clock(),
                    IssueWatcher.Sleeper.REAL).start());
        }
        JoinHandler joins = new JoinHandler(database, identity, directory, announcer(), dispatcher(),
                client().endpoints(), options.clock());
        closeables.push(refreshEveryMinute(memberAddresses));
        NodeMetrics metrics = new NodeMetrics(database, options.clock());
        receiver.addListener(metrics::stored);
        deliveryStats.listen(metrics);
        NodeServer server = new NodeServer(config, identity, CAPABILITIES, receiver, joins, memberAddresses,
                options.clock(), metrics, new ProbeResponder(identity.agentId(), database, client(),
                        config.limits().clockSkew(), options.clock())).start();
        closeables.push(server);
        HookService hooks = new HookService(database, new WakePolicy(options.wake(), identity.agentId()), activity,
                inbox(), receipts(), new HookService.Settings(options.wake().hookMaxChars(), options.wake().hookContinue()),
                hint, options.clock());
        AdminToken token = AdminToken.loadOrCreate(home);
        Dashboard dashboard = new Dashboard(database, identity.agentId(), token, metrics, this::issues, this::who,
                options.clock());
        LocalApi api = new LocalApi(apiHost, apiPort, home.apiSocket(), token,
                new LocalApiController(inbox(), outbox(), replies, wake, database, hooks),
                List.of(new MetricsRoutes(metrics, token), dashboard.routes())).start();
        closeables.push(api);
        // closed before the local API, so open browsers are let go while their connections still exist
        closeables.push(dashboard);
        try {
            lock.describe("listening on " + (config.tls() ? "https" : "http") + "://" + config.host() + ":"
                    + server.port() + ", endpoint " + identity.endpoint() + (options.github().watching()
                    ? ", watching GitHub issues of " + String.join(", ", options.github().repos()) : ""), api.url());
        } catch (java.io.IOException e) {
            throw new SwarmException(ErrorCode.CONFLICT, "cannot write " + home.serveLock() + ": " + e.getMessage(),
                    null, e);
        }
        return server;
    }

    /** The members' addresses, resolved now (off the caller's thread) and every minute after, until closed. */
    private static AutoCloseable refreshEveryMinute(MemberAddresses addresses) {
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "member-addresses");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(() -> {
            try {
                addresses.refresh();
            } catch (RuntimeException e) {
                LOG.warn("could not resolve the members' addresses: {}", e.toString());
            }
        }, 0, 60, TimeUnit.SECONDS);
        return refresher::shutdownNow;
    }

    /** The addresses of members' endpoints, which the server's admission puts ahead of strangers. */
    public MemberAddresses memberAddresses() {
        return memberAddresses;
    }

    /** {@code swarm doctor}'s checks of this node; {@code tlsCert} is the serve setting, null when TLS ends at a proxy. */
    public Doctor doctor(Path tlsCert, SetupRequest agents, Doctor.Limits limits) {
        return Doctor.of(home, identity, database, client(), options, tlsCert, agents, limits);
    }

    /** The issues this node's agent holds in a swarm (claimed or blocked), as the board shows them. */
    private List<String> ownClaims(IssueService board, String swarmId) {
        return board.board(swarmId).issues().stream()
                .filter(e -> identity.agentId().equals(e.owner()) && (IssueBoard.CLAIMED.equals(e.state())
                        || IssueBoard.BLOCKED.equals(e.state())))
                .map(IssueBoard.Entry::issue).toList();
    }

    /** How commands wait for delivery outcomes: at most their --wait, or their own attempt's timeout. */
    private DeliveryOutcomes outcomes() {
        return new DeliveryOutcomes(database, dispatcher(),
                options.client().requestTimeout().plus(options.client().connectTimeout()));
    }

    /**
     * What the agent can run to read its messages: the MCP tools when {@code swarm agent setup} registered
     * {@code swarm mcp} for this home with one of the agents, else the full command.
     */
    public ReadHint readHint() {
        Path dir = home.dir().toAbsolutePath();
        return new ReadHint(AgentSetups.mcpRegisteredAnywhere(dir), SwarmCommandPath.current(), dir.toString());
    }

    private Receipts receipts() {
        return new Receipts(database, envelopes, dispatcher(), options.clock());
    }

    /** Orders coordination events (issue claims, file leases) by the master's acknowledgement. */
    private Sequencer sequencer() {
        return new Sequencer(identity.agentId(), envelopes, options.clock(),
                e -> IssueEvents.coordinates(e) || LeaseEvents.coordinates(e));
    }

    /** What storing a message also does: leases are recorded (and checked), then coordination events numbered. */
    private StoreHook storeHooks() {
        return StoreHook.both(new LeaseRecorder(options.clock()), sequencer());
    }

    private Announcer announcer() {
        return new Announcer(identity, envelopes, options.clock());
    }

    private synchronized PeerClient client() {
        if (client == null) {
            client = new PeerClient(options.client(), identity.agentId(), identity.endpoint());
        }
        return client;
    }

    private synchronized Deliverer deliverer() {
        if (deliverer == null) {
            Duration lease = options.client().requestTimeout().plus(options.client().connectTimeout()).multipliedBy(2);
            deliverer = new Deliverer(database, client(), options.retry(), options.clock(), owner, lease,
                    new Restamping(envelopes), deliveryStats);
        }
        return deliverer;
    }

    private synchronized Dispatcher dispatcher() {
        if (dispatcher == null) {
            dispatcher = new Dispatcher(this::deliverer, () -> !serving && ServeLock.holder(home).isPresent());
        }
        return dispatcher;
    }

    /**
     * Stops the server (letting requests in flight finish), then the delivery worker, the inbox writer,
     * the client and the database, in that order.
     */
    @Override
    public void close() {
        // the services are stopped without this node's monitor: a service's thread may be waiting for it
        // (in issues(), who()), and each close waits for its thread to finish. A second close waits for
        // the first.
        synchronized (closing) {
            List<AutoCloseable> services;
            synchronized (this) {
                services = new ArrayList<>(closeables);
                closeables.clear();
            }
            for (AutoCloseable service : services) {
                try {
                    service.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
            closeResources();
        }
    }

    private synchronized void closeResources() {
        if (client != null) {
            client.close();
        }
        if (github != null) {
            github.close();
        }
        database.close();
    }
}
