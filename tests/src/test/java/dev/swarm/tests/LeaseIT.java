package dev.swarm.tests;

import static dev.swarm.tests.Cli.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.cli.Main;
import dev.swarm.node.error.ErrorCode.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File and path leases across real nodes (HTTPS with HTTP/2 on loopback, SQLite files), through the
 * {@code swarm} command line: two agents leasing overlapping globs in different orders end with the
 * same lease table on every node; the pre-commit hook refuses a commit in a real git repository (the
 * real git binary and a real {@code swarm} process, with the holder's daemon stopped); a lease lapses
 * when its holder's node stops renewing it, and when its holder is kicked.
 */
class LeaseIT {
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final String REPO = "acme/app";

    @TempDir
    Path root;

    private Cluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void twoAgentsLeasingOverlappingGlobsInDifferentOrdersEndWithTheSameLeaseTableOnEveryNode() {
        scene("alice", "bob", "carol");
        Cli bob = cluster.cli("bob");
        Cli carol = cluster.cli("carol");

        String bobsSrc = take(bob, "src/**");
        String carolsDocs = take(carol, "docs/**");
        String carolsSrc = take(carol, "src/main/*.java", "--force");
        String bobsDocs = take(bob, "docs/*.md", "--force");

        List<JsonNode> tables = await("every node has the four leases, all acknowledged, and agrees")
                .atMost(SETTLE).pollInterval(POLL).until(() -> List.of(table("alice"), table("bob"), table("carol")),
                        all -> all.get(0).size() == 4 && all.stream().allMatch(t -> t.equals(all.get(0)))
                                && items(all.get(0)).stream().allMatch(l -> l.get("acknowledged").asBoolean()));
        JsonNode table = tables.get(0);
        assertThat(status(table, bobsSrc)).isEqualTo("active");
        assertThat(status(table, carolsDocs)).isEqualTo("active");
        assertThat(status(table, carolsSrc)).as("bob's src/** came first").isEqualTo("refused");
        assertThat(status(table, bobsDocs)).as("carol's docs/** came first").isEqualTo("refused");
        assertThat(lease(table, carolsSrc).get("conflict").get("lease_id").asText()).isEqualTo(bobsSrc);
        assertThat(lease(table, carolsSrc).get("conflict").get("settled").asBoolean()).isTrue();

        Cli.Result refused = carol.fails(ExitCodes.STATE, "lease", "take", "--repo", REPO, "src/main/App.java");
        assertThat(refused.errorCode()).isEqualTo("CONFLICT");
        assertThat(refused.document().get("error").get("message").asText()).contains("bob holds src/**", bobsSrc);

        JsonNode who = cluster.cli("alice").json("who");
        assertThat(items(who.get("swarms").get(0).get("members"))).anySatisfy(m -> {
            assertThat(m.get("agent_id").asText()).isEqualTo("bob");
            assertThat(items(m.get("leases"))).extracting(JsonNode::asText).containsExactly("acme/app:src/**");
        });
    }

    @Test
    void thePreCommitHookRefusesACommitTouchingPathsAnotherAgentHoldsEvenWithTheDaemonStopped() throws Exception {
        scene("alice", "bob");
        Path repo = gitRepository();
        String leaseId = take(cluster.cli("alice"), "src/**", "--for", "2h");
        await("bob's node has alice's lease").atMost(SETTLE).pollInterval(POLL).until(() -> table("bob").size() == 1);
        Cli bob = cluster.cli("bob");
        Path launcher = swarmLauncher();

        Files.writeString(repo.resolve(".git/hooks/pre-commit"), "#!/bin/sh\nexit 0\n");
        assertThat(bob.fails(ExitCodes.STATE, "lease", "hook", "install", "--dir", repo.toString(), "--command",
                launcher.toString()).errorCode()).as("a foreign hook is not overwritten").isEqualTo("CONFLICT");
        JsonNode installed = bob.json("lease", "hook", "install", "--dir", repo.toString(), "--command",
                launcher.toString(), "--chain");
        assertThat(installed.get("status").asText()).isEqualTo("chained");
        assertThat(bob.json("lease", "hook", "install", "--dir", repo.toString(), "--command", launcher.toString())
                .get("status").asText()).isEqualTo("updated");
        cluster.node("bob").stop();

        write(repo, "README.md", "hello");
        write(repo, "-rf", "a leading dash");
        write(repo, "docs/line\nbreak.md", "a newline in a name");
        git(repo, Map.of(), "add", "--", "README.md", "-rf", "docs/line\nbreak.md");
        assertThat(git(repo, Map.of(), "commit", "-m", "untouched paths").exit()).isZero();

        write(repo, "src/my parser.java", "class P {}");
        write(repo, "src/new\nline.java", "class Q {}");
        git(repo, Map.of(), "add", "--", "src/my parser.java", "src/new\nline.java");
        Run refused = git(repo, Map.of(), "commit", "-m", "touches alice's paths");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("src/my parser.java: held by alice", "lease " + leaseId,
                "SWARM_LEASE_OVERRIDE=1", "--no-verify").contains("src/new\\u{A}line.java");
        assertThat(git(repo, Map.of(), "log", "--format=%s").output()).doesNotContain("touches alice's paths");

        Run overridden = git(repo, Map.of("SWARM_LEASE_OVERRIDE", "1"), "commit", "-m", "agreed with alice");
        assertThat(overridden.exit()).isZero();
        assertThat(git(repo, Map.of(), "log", "--format=%s").output()).contains("agreed with alice");
    }

    @Test
    void aLeaseLapsesWhenItsHoldersNodeStopsRenewingItAndWhenItsHolderIsKicked() {
        scene("alice", "bob", "carol");
        String short1 = take(cluster.cli("carol"), "lib/**", "--for", "3s");
        String bobs = take(cluster.cli("bob"), "src/**", "--for", "1h");
        await("alice has both leases").atMost(SETTLE).pollInterval(POLL).until(() -> table("alice").size() == 2);
        cluster.node("carol").stop();

        await("carol's lease expires on alice's and bob's nodes").atMost(SETTLE).pollInterval(POLL)
                .until(() -> status(table("alice"), short1).equals("expired")
                        && status(table("bob"), short1).equals("expired"));
        assertThat(cluster.cli("alice").json("lease", "check", "--repo", REPO, "lib/x.c").get("allowed").asBoolean())
                .isTrue();
        assertThat(take(cluster.cli("alice"), "lib/**")).as("the paths are free again").isNotBlank();

        cluster.cli("alice").json("kick", "--agent", "bob", "--yes");
        assertThat(status(table("alice"), bobs)).isEqualTo("lapsed");
        assertThat(cluster.cli("alice").json("lease", "check", "--repo", REPO, "src/a.c").get("allowed").asBoolean())
                .isTrue();
    }

    // --- the scene ------------------------------------------------------------------------------

    private void scene(String... agents) {
        cluster = Cluster.start(root, agents);
        Cli alice = cluster.cli(agents[0]);
        alice.json("create", "--name", "leases");
        for (int i = 1; i < agents.length; i++) {
            cluster.cli(agents[i]).json("join", "--token", alice.json("invite").get("invite_token").asText());
        }
    }

    private static String take(Cli cli, String... args) {
        List<String> all = new ArrayList<>(List.of("lease", "take", "--repo", REPO));
        all.addAll(List.of(args));
        return cli.json(all.toArray(String[]::new)).get("lease_id").asText();
    }

    /** The node's whole lease table, without the time it was judged at. */
    private JsonNode table(String agent) {
        JsonNode listing = cluster.cli(agent).json("lease", "list", "--all");
        return listing.get("swarms").get(0).get("leases");
    }

    private static JsonNode lease(JsonNode table, String leaseId) {
        return items(table).stream().filter(l -> l.get("lease_id").asText().equals(leaseId)).findFirst().orElseThrow();
    }

    private static String status(JsonNode table, String leaseId) {
        return items(table).stream().filter(l -> l.get("lease_id").asText().equals(leaseId)).findFirst()
                .map(l -> l.get("status").asText()).orElse("missing");
    }

    // --- git and a real swarm process -------------------------------------------------------------

    private record Run(int exit, String output) {
    }

    private Path gitRepository() {
        Path repo = root.resolve("work tree");
        try {
            Files.createDirectories(repo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        git(repo, Map.of(), "init", "-q");
        git(repo, Map.of(), "config", "user.email", "bob@example.com");
        git(repo, Map.of(), "config", "user.name", "bob");
        git(repo, Map.of(), "remote", "add", "origin", "git@github.com:acme/app.git");
        return repo;
    }

    /** A {@code swarm} command for the hook: this JVM's java and class path running the CLI. */
    private Path swarmLauncher() throws IOException {
        Path launcher = root.resolve("bin/swarm");
        Files.createDirectories(launcher.getParent());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path classPath = root.resolve("bin/classpath");
        Files.writeString(classPath, System.getProperty("java.class.path"));
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -cp \"$(cat '" + classPath
                + "')\" " + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    private static void write(Path repo, String name, String text) {
        try {
            Path file = repo.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Run git(Path repo, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(root, "git", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().putAll(env);
            builder.environment().put("SWARM_CA_FILE", cluster.node("alice").env().get("SWARM_CA_FILE"));
            Process process = builder.start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("git " + args[0] + " finished").isTrue();
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
