package dev.swarm.node.dashboard;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.AdminToken;
import dev.swarm.node.server.LocalRoutes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The dashboard on the local API (loopback only; the {@code Host} check of the local API stops DNS
 * rebinding). A login form takes the local token in its body and answers with a session cookie
 * (HttpOnly, SameSite=Strict, path {@code /dashboard}), so the token is never in a URL. POSTs must come
 * from the dashboard's own origin (CSRF); every answer forbids framing and carries a Content-Security-
 * Policy that runs only the dashboard's own script file, so even markup that slipped through escaping
 * could not run.
 */
public final class DashboardRoutes implements LocalRoutes {
    static final String COOKIE = "swarm_dashboard";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Map<String, String> ASSETS = Map.of("dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");

    private final AdminToken token;
    private final Sessions sessions;
    private final DashboardHub hub;
    private final String agentId;
    private final Map<String, byte[]> assets;

    DashboardRoutes(AdminToken token, Sessions sessions, DashboardHub hub, String agentId) {
        this.token = token;
        this.sessions = sessions;
        this.hub = hub;
        this.agentId = agentId;
        this.assets = Map.of("dashboard.js", resource("dashboard.js"), "dashboard.css", resource("dashboard.css"));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.before("/dashboard", this::guard);
        routes.before("/dashboard/*", this::guard);
        routes.get("/", ctx -> ctx.redirect("/dashboard", HttpStatus.SEE_OTHER));
        routes.get("/dashboard", this::page);
        routes.get("/dashboard/login", ctx -> loginForm(ctx, null));
        routes.post("/dashboard/login", this::login);
        routes.post("/dashboard/logout", this::logout);
        routes.get("/dashboard/assets/{name}", this::asset);
        routes.sse("/dashboard/events", this::events);
    }

    /** Headers on every dashboard answer; POSTs only from this origin; everything but login and assets needs a session. */
    private void guard(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        // no-referrer would make a browser send "Origin: null" with the login form, and the origin check refuse it
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
        if ("POST".equals(ctx.method().name()) && !sameOrigin(ctx)) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, "the dashboard takes form posts only from its own page");
        }
        String path = ctx.path();
        if (path.equals("/dashboard/login") || path.startsWith("/dashboard/assets/")) {
            return;
        }
        if (!sessions.valid(ctx.cookie(COOKIE))) {
            if (path.equals("/dashboard")) {
                ctx.redirect("/dashboard/login", HttpStatus.SEE_OTHER);
                ctx.skipRemainingHandlers();
                return;
            }
            throw new SwarmException(ErrorCode.UNAUTHENTICATED, "log in to the dashboard first");
        }
    }

    /**
     * A browser says where a request comes from ({@code Sec-Fetch-Site}, {@code Origin}); a form posted
     * by another site, or by a page on another port of this host, is refused. A client that says
     * nothing (curl) is not a browser, so nothing can ride on its cookies.
     */
    static boolean sameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        String origin = ctx.header("Origin");
        return origin == null || origin.equals("http://" + ctx.header("Host"));
    }

    private void loginForm(Context ctx, String problem) {
        ctx.contentType("text/html; charset=utf-8").result(Page.login(agentId, problem));
    }

    private void login(Context ctx) {
        String presented = ctx.formParam("token");
        if (!token.matches(presented == null ? null : presented.strip())) {
            ctx.status(HttpStatus.UNAUTHORIZED);
            loginForm(ctx, "That is not this node's token.");
            return;
        }
        String session = sessions.open();
        ctx.header("Set-Cookie", COOKIE + "=" + session + "; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age="
                + Sessions.TTL.toSeconds());
        ctx.redirect("/dashboard", HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) {
        sessions.close(ctx.cookie(COOKIE));
        ctx.header("Set-Cookie", COOKIE + "=; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=0");
        ctx.redirect("/dashboard/login", HttpStatus.SEE_OTHER);
    }

    private void page(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").result(Page.dashboard(agentId, hub.renderAll()));
    }

    private void events(SseClient client) {
        String session = client.ctx().cookie(COOKIE);
        hub.join(client, () -> sessions.valid(session));
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("name");
        byte[] body = assets.get(name);
        if (body == null) {
            throw new SwarmException(ErrorCode.NOT_FOUND, "no such dashboard file");
        }
        ctx.header("Cache-Control", "no-cache").contentType(ASSETS.get(name)).result(body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /dashboard/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /dashboard/" + name, e);
        }
    }
}
