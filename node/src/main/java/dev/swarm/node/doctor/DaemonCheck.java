package dev.swarm.node.doctor;

import dev.swarm.node.identity.AdminToken;
import dev.swarm.node.identity.ServeLock;
import dev.swarm.node.identity.SwarmHome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** {@code swarm serve} holds the serve lock for this home and its local API answers with the token. */
final class DaemonCheck implements DoctorCheck {
    static final String NAME = "daemon";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final SwarmHome home;

    DaemonCheck(SwarmHome home) {
        this.home = home;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run() {
        Optional<String> holder = ServeLock.holder(home);
        if (holder.isEmpty()) {
            return CheckResult.fail(NAME, "swarm serve is not running for " + home.dir(), "start it: sudo systemctl"
                    + " start swarm (a service), or swarm serve; until then nothing is received and nothing queued is"
                    + " delivered", Map.of());
        }
        Optional<String> api = ServeLock.apiUrl(home);
        if (api.isEmpty()) {
            return CheckResult.warn(NAME, "swarm serve runs (" + holder.get() + ") but names no local API yet",
                    "it may still be starting: run swarm doctor again in a few seconds", Map.of("serve_lock", holder.get()));
        }
        Optional<AdminToken> token = AdminToken.load(home);
        String url = api.get() + "/inbox/count";
        try {
            HttpResponse<String> answer = HttpClient.newBuilder().connectTimeout(TIMEOUT).build().send(HttpRequest
                    .newBuilder(URI.create(url)).timeout(TIMEOUT).header("Authorization", "Bearer "
                            + token.map(AdminToken::value).orElse("")).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return CheckResult.fail(NAME, "the local API at " + api.get() + " answered HTTP " + answer.statusCode(),
                        "restart the daemon (sudo systemctl restart swarm); if admin.token was replaced, the running"
                                + " daemon still uses the old one", Map.of("api", api.get()));
            }
        } catch (IOException e) {
            return CheckResult.fail(NAME, "swarm serve holds the lock but its local API " + api.get() + " does not answer: "
                    + e.getMessage(), "the daemon may be hung: look at journalctl -u swarm, then restart it",
                    Map.of("api", api.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.skip(NAME, "interrupted");
        }
        return CheckResult.ok(NAME, "swarm serve runs (" + holder.get() + "); its local API answers at " + api.get(),
                Map.of("serve_lock", holder.get(), "api", api.get()));
    }
}
