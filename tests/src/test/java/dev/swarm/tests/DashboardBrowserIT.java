package dev.swarm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.delivery.RetryPolicy;
import dev.swarm.node.identity.AdminToken;
import dev.swarm.node.identity.ServeLock;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.TestNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven by Debian's chromedriver through
 * Selenium (no browser or driver is downloaded). Alice's daemon serves the dashboard; bob's node sends
 * to her while the page is open, and a message of hers to a stopped carol dies. The browser logs in
 * with the token, sees bob's message arrive without a reload, sees the dead delivery with its error,
 * shows a hostile message as text without running any of it, and leaves a screenshot in
 * {@code target/dashboard-screenshots/}.
 */
class DashboardBrowserIT {
    private static final Duration LIVE = Duration.ofSeconds(30);
    private static final String HOSTILE = "<script>window.pwned='script'</script>"
            + "<img src=x onerror=\"window.pwned='img'\"><a id=\"evil\" href=\"javascript:window.pwned='link'\">click</a>";

    @TempDir
    Path root;

    private Cluster cluster;
    private ChromeDriver browser;
    private ChromeDriverService driver;

    @BeforeEach
    void start() {
        cluster = Cluster.start(root);
        // one attempt: a delivery to a stopped member is dead at once
        cluster.add("alice", NodeOptions.DEFAULTS.withRetry(new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1),
                1, Duration.ofHours(1))));
        cluster.add("bob", dev.swarm.node.messaging.ReceiveLimits.DEFAULTS);
        cluster.add("carol", dev.swarm.node.messaging.ReceiveLimits.DEFAULTS);
        driver = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + root.resolve("chromium-profile"), "--window-size=1400,1200");
        browser = new ChromeDriver(driver, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (driver != null) {
            driver.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPersonLogsInAndWatchesMessagesArriveAndDeliveriesDie() throws Exception {
        TestNode alice = cluster.node("alice");
        TestNode bob = cluster.node("bob");
        TestNode carol = cluster.node("carol");
        Swarm swarm = alice.node().swarms().create("build-team", false);
        for (TestNode member : List.of(bob, carol)) {
            member.node().joins().join(alice.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString());
        }
        String api = ServeLock.apiUrl(alice.home()).orElseThrow();
        String origin = api.substring(0, api.length() - "/api".length());

        browser.get(origin + "/dashboard");
        assertThat(browser.getCurrentUrl()).as("sent to the login form").isEqualTo(origin + "/dashboard/login");
        browser.findElement(By.id("token")).sendKeys(AdminToken.load(alice.home()).orElseThrow().value());
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        await("the dashboard").atMost(LIVE).until(() -> browser.getCurrentUrl().equals(origin + "/dashboard"));
        assertThat(browser.getCurrentUrl()).doesNotContain("token");
        await("live updates connected").atMost(LIVE).until(() -> "live".equals(text("live")));
        String title = browser.getTitle();
        script("window.sameDocument = 'still here';");

        String hello = "hello from bob, " + System.nanoTime();
        bob.node().messages().send(SendRequest.text(swarm.swarmId(), "alice", hello), Duration.ofSeconds(10));
        await("bob's message on the page").atMost(LIVE).until(() -> text("panel-messages").contains(hello));

        carol.stop();
        assertThatThrownBy(() -> alice.node().messages().send(SendRequest.text(swarm.swarmId(), "carol", "are you there?"),
                Duration.ofSeconds(10))).as("given up after its one attempt").hasMessageContaining("gave up");
        await("the dead delivery with its error").atMost(LIVE).untilAsserted(() -> {
            List<WebElement> dead = browser.findElements(By.cssSelector("#panel-outbox tr.delivery.dead"));
            assertThat(dead).isNotEmpty();
            assertThat(dead.get(0).getText()).contains("carol", "PEER_UNREACHABLE", "cannot reach");
        });
        await("carol shown unreached among the members").atMost(LIVE).untilAsserted(() ->
                assertThat(browser.findElement(By.cssSelector("#panel-members tr.member.unreached")).getText())
                        .contains("carol", "PEER_UNREACHABLE"));

        bob.node().messages().send(SendRequest.text(swarm.swarmId(), "alice", HOSTILE), Duration.ofSeconds(10));
        await("the hostile message, as text").atMost(LIVE).until(() -> text("panel-messages").contains(HOSTILE));
        browser.findElement(By.xpath("//*[@id='panel-messages']//pre[contains(., 'javascript:')]")).click();

        assertThat(script("return window.pwned === undefined")).as("no script of the message ran").isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("#panel-messages img, #panel-messages script,"
                + " #panel-messages a, #evil"))).as("no element of the message exists").isEmpty();
        assertThat(browser.getTitle()).isEqualTo(title);
        assertThat(script("return window.sameDocument")).as("updated without a reload").isEqualTo("still here");
        WebElement box = browser.findElement(By.xpath("//*[@id='panel-messages']//pre[contains(., 'javascript:')]/.."));
        assertThat(box.getAttribute("class")).isEqualTo("peer-text");
        assertThat(box.getText()).startsWith("PEER TEXT");

        Path shots = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "dashboard-screenshots"));
        Path shot = shots.resolve("dashboard-" + System.currentTimeMillis() + ".png");
        Files.move(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), shot,
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(shot)).isPositive();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }
}
