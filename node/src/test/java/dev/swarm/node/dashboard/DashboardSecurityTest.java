package dev.swarm.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.swarm.node.github.IssueKey;
import dev.swarm.node.identity.AdminToken;
import dev.swarm.node.lease.LeaseEvent;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.LocalHttp;
import dev.swarm.node.support.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's door: login, cookie, Host, CSRF, framing, script policy, and hostile peer text. */
class DashboardSecurityTest {
    static final String HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
            + "<a href=\"javascript:document.title='pwned'\">click</a> \u202Eevil";

    @TempDir
    Path dir;

    private TestNode alice;
    private LocalHttp http;
    private String token;

    @BeforeEach
    void start() {
        alice = TestNode.start(dir, "alice");
        http = new LocalHttp(alice.home());
        token = AdminToken.load(alice.home()).orElseThrow().value();
    }

    @AfterEach
    void stop() {
        http.close();
        alice.close();
    }

    private String login() {
        LocalHttp.Answer answer = http.postForm("/dashboard/login", Map.of("token", token),
                Map.of("Origin", http.base(), "Sec-Fetch-Site", "same-origin"));
        assertThat(answer.status()).isEqualTo(303);
        String cookie = answer.header("Set-Cookie");
        return cookie.substring(0, cookie.indexOf(';'));
    }

    @Test
    void thePageWithoutASessionSendsToTheLoginForm() {
        LocalHttp.Answer page = http.get("/dashboard", Map.of());

        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location")).isEqualTo("/dashboard/login");
        assertThat(http.get("/dashboard/events", Map.of()).status()).as("no live updates without a session")
                .isEqualTo(401);
        assertThat(http.get("/dashboard/login", Map.of()).body()).contains("name=\"token\"", "type=\"password\"");
    }

    @Test
    void theRightTokenGivesAnHttpOnlyStrictSessionCookieAndNeverAppearsInAUrl() {
        LocalHttp.Answer answer = http.postForm("/dashboard/login", Map.of("token", token),
                Map.of("Origin", http.base()));

        assertThat(answer.status()).isEqualTo(303);
        assertThat(answer.header("Location")).isEqualTo("/dashboard").doesNotContain(token);
        String cookie = answer.header("Set-Cookie");
        assertThat(cookie).startsWith(DashboardRoutes.COOKIE + "=").contains("HttpOnly", "SameSite=Strict",
                "Path=/dashboard").doesNotContain(token);
        String session = cookie.substring(0, cookie.indexOf(';'));
        LocalHttp.Answer page = http.get("/dashboard", Map.of("Cookie", session));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"panel-members\"", "id=\"panel-who\"", "id=\"panel-messages\"",
                "id=\"panel-outbox\"",
                "id=\"panel-board\"", "id=\"panel-wake\"", "id=\"panel-chart\"").doesNotContain(token);
    }

    @Test
    void aWrongTokenGetsNoSession() {
        LocalHttp.Answer answer = http.postForm("/dashboard/login", Map.of("token", "0".repeat(64)),
                Map.of("Origin", http.base()));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("Set-Cookie")).isNull();
        assertThat(answer.body()).contains("not this node&#39;s token");
        assertThat(http.get("/dashboard", Map.of("Cookie", DashboardRoutes.COOKIE + "=" + "A".repeat(43))).status())
                .as("a made-up session").isEqualTo(303);
    }

    @Test
    void aRequestNamingAnotherHostIsRefusedOnEveryRoute() {
        String session = login();
        for (String path : new String[] {"/dashboard", "/dashboard/login", "/metrics", "/api/inbox/count"}) {
            LocalHttp.Answer answer = http.get(path, Map.of("Host", "attacker.example:" + port(),
                    "Cookie", session, "Authorization", "Bearer " + token));
            assertThat(answer.status()).as(path + " through a rebound DNS name").isEqualTo(403);
            assertThat(answer.body()).contains("NOT_AUTHORIZED");
        }
        assertThat(http.get("/dashboard", Map.of("Host", "localhost:8080", "Cookie", session)).status())
                .as("an SSH tunnel's own local port").isEqualTo(200);
    }

    @Test
    void aFormPostedFromAnotherSiteIsRefused() {
        LocalHttp.Answer crossSite = http.postForm("/dashboard/login", Map.of("token", token),
                Map.of("Origin", "https://attacker.example", "Sec-Fetch-Site", "cross-site"));
        LocalHttp.Answer otherPort = http.postForm("/dashboard/login", Map.of("token", token),
                Map.of("Origin", "http://127.0.0.1:1", "Sec-Fetch-Site", "same-site"));
        String session = login();
        LocalHttp.Answer logout = http.postForm("/dashboard/logout", Map.of(),
                Map.of("Origin", "https://attacker.example", "Cookie", session));

        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.header("Set-Cookie")).isNull();
        assertThat(otherPort.status()).isEqualTo(403);
        assertThat(logout.status()).isEqualTo(403);
        assertThat(http.get("/dashboard", Map.of("Cookie", session)).status()).as("still logged in").isEqualTo(200);
    }

    @Test
    void loggingOutEndsTheSession() {
        String session = login();

        LocalHttp.Answer out = http.postForm("/dashboard/logout", Map.of(), Map.of("Origin", http.base(),
                "Cookie", session));

        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
        assertThat(http.get("/dashboard", Map.of("Cookie", session)).status()).isEqualTo(303);
    }

    @Test
    void everyDashboardAnswerForbidsFramingAndRunsOnlyItsOwnScriptFile() {
        String session = login();
        for (String path : new String[] {"/dashboard", "/dashboard/login", "/dashboard/assets/dashboard.js",
                "/dashboard/assets/dashboard.css"}) {
            LocalHttp.Answer answer = http.get(path, Map.of("Cookie", session));
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.header("Content-Security-Policy")).as(path).contains("frame-ancestors 'none'",
                    "script-src 'self'", "default-src 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
        assertThat(http.get("/dashboard/assets/..%2f..%2fagent.key", Map.of()).status()).isEqualTo(404);
        String page = http.get("/dashboard", Map.of("Cookie", session)).body();
        assertThat(page).as("no inline script or style").doesNotContainPattern("<script>|<script [^>]*>[^<]")
                .doesNotContain(" style=", " onload=", " onclick=");
    }

    @Test
    void aHostileMessageIsShownEscapedAsPeerText() {
        try (TestNode bob = TestNode.start(dir, "bob")) {
            Swarm swarm = alice.node().swarms().create("team", false);
            bob.node().joins().join(alice.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString());
            bob.node().messages().send(SendRequest.text(swarm.swarmId(), "alice", HOSTILE), Duration.ofSeconds(5));
            String session = login();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(http.get("/dashboard", Map.of("Cookie", session)).body()).contains("pwned"));
            String page = http.get("/dashboard", Map.of("Cookie", session)).body();

            assertThat(page).contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;",
                    "&lt;img src=x onerror=&quot;", "&lt;a href=&quot;javascript:", "\\u202eevil");
            assertThat(page).doesNotContain("<img", "<a href=\"javascript", "<script>document", "\u202E");
            int text = page.indexOf("&lt;script&gt;document.title");
            assertThat(page.lastIndexOf("class=\"peer-text\"", text)).as("inside a peer text box").isPositive();
            assertThat(page.substring(page.lastIndexOf("class=\"peer-text\"", text), text))
                    .contains("written by bob", "peer text");
        }
    }

    @Test
    void theWhoPanelShowsEachMembersStateClaimsAndLeasesWithAHostileGlobEscaped() {
        try (TestNode bob = TestNode.start(dir, "bob")) {
            Swarm swarm = alice.node().swarms().create("team", false);
            bob.node().joins().join(alice.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString());
            bob.node().issues().act(swarm.swarmId(), "claimed", IssueKey.parse("acme/app#7", "issue"), null, false,
                    false, Duration.ofSeconds(5));
            bob.node().leases().take(swarm.swarmId(), "acme/app", List.of("<img src=x onerror=alert(1)>/**"),
                    LeaseEvent.Mode.EXCLUSIVE, Duration.ofMinutes(30), false, Duration.ofSeconds(5));
            String session = login();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(http.get("/dashboard",
                    Map.of("Cookie", session)).body()).contains("acme/app:&lt;img src=x onerror=alert(1)&gt;/**"));
            String page = http.get("/dashboard", Map.of("Cookie", session)).body();
            String panel = page.substring(page.indexOf("id=\"panel-who\""));
            panel = panel.substring(0, panel.indexOf("</section>") < 0 ? panel.length() : panel.indexOf("</section>"));

            assertThat(panel).contains(">bob<", ">alice <", "acme/app#7", ">you<", ">master<");
            assertThat(panel).containsPattern("class=\"badge (unknown|away|idle|working)\"");
            assertThat(page).doesNotContain("<img src=x");
        }
    }

    private int port() {
        return Integer.parseInt(http.base().substring(http.base().lastIndexOf(':') + 1));
    }
}
