package dev.swarm.node.wake;

import static dev.swarm.node.wake.WakeFixtures.config;
import static dev.swarm.node.wake.WakeFixtures.message;
import static dev.swarm.node.wake.WakeFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.config.Setting;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class WakePolicyTest {
    private static final LocalTime NOON = LocalTime.NOON;
    private final WakePolicy defaults = new WakePolicy(config(), "bob");

    @Test
    void aDirectMessageOrABroadcastWakesNormally() {
        assertThat(defaults.decide(message("1", "alice", true, "hi"), NOON).level()).isEqualTo(WakeLevel.NORMAL);
        assertThat(defaults.decide(message("2", "alice", false, "hi"), NOON).level()).isEqualTo(WakeLevel.NORMAL);
    }

    @Test
    void ownMessagesReceiptsMutedSendersMutedSwarmsAndSystemMessagesWakeNobodyAndSayWhy() {
        WakeCandidate hi = message("1", "alice", true, "hi");
        assertThat(defaults.decide(message("1", "bob", true, "mine"), NOON).reason()).isEqualTo("own message");
        assertThat(defaults.decide(with(hi, "notification", "normal", false, false, true), NOON).reason())
                .isEqualTo("delivery receipt or acknowledgement");
        assertThat(defaults.decide(with(hi, "message", "high", true, false, false), NOON).reason())
                .isEqualTo("sender alice is muted");
        assertThat(defaults.decide(with(hi, "message", "high", false, true, false), NOON).reason())
                .isEqualTo("swarm build-team is muted");
        WakePolicy.Decision system = defaults.decide(with(hi, "system", "normal", false, false, false), NOON);
        assertThat(system.wakes()).isFalse();
        assertThat(system.reason()).contains("system message");
    }

    @Test
    void aMentionOfThisAgentIsUrgentButNotAMentionOfALongerName() {
        assertThat(defaults.decide(message("1", "alice", false, "@bob can you look?"), NOON).level())
                .isEqualTo(WakeLevel.URGENT);
        assertThat(defaults.decide(message("2", "alice", false, "ping (@bob)."), NOON).level())
                .isEqualTo(WakeLevel.URGENT);
        assertThat(defaults.decide(message("3", "alice", false, "@bobby can you look?"), NOON).level())
                .isEqualTo(WakeLevel.NORMAL);
        assertThat(defaults.decide(message("4", "alice", false, "mail bob@example.com"), NOON).level())
                .isEqualTo(WakeLevel.NORMAL);
    }

    @Test
    void keywordsWatchedSendersAndHighPriorityAreUrgent() {
        WakePolicy policy = new WakePolicy(config(Setting.WAKE_KEYWORDS, "prod down, CI red",
                Setting.WAKE_WATCH, "carol"), "bob");
        assertThat(policy.decide(message("1", "alice", false, "PROD DOWN again"), NOON).level())
                .isEqualTo(WakeLevel.URGENT);
        assertThat(policy.decide(message("2", "carol", false, "fyi"), NOON).level()).isEqualTo(WakeLevel.URGENT);
        assertThat(policy.decide(with(message("3", "alice", false, "fyi"), "message", "high", false, false, false),
                NOON).level()).isEqualTo(WakeLevel.URGENT);
        assertThat(policy.decide(message("4", "alice", false, "all green"), NOON).level()).isEqualTo(WakeLevel.NORMAL);
    }

    @Test
    void broadcastsCanBeSilencedWhileDirectMessagesStillWake() {
        WakePolicy policy = new WakePolicy(config(Setting.WAKE_BROADCAST, "silent"), "bob");
        assertThat(policy.decide(message("1", "alice", false, "fyi"), NOON).wakes()).isFalse();
        assertThat(policy.decide(message("2", "alice", true, "fyi"), NOON).wakes()).isTrue();
        assertThat(policy.decide(message("3", "alice", false, "@bob fyi"), NOON).level()).isEqualTo(WakeLevel.URGENT);
    }

    @Test
    void duringQuietHoursOnlyUrgentMessagesWake() {
        WakePolicy policy = new WakePolicy(config(Setting.WAKE_QUIET_HOURS, "22:00-07:00"), "bob");
        LocalTime night = LocalTime.of(2, 30);
        WakePolicy.Decision normal = policy.decide(message("1", "alice", true, "hi"), night);
        assertThat(normal.wakes()).isFalse();
        assertThat(normal.reason()).contains("quiet hours");
        assertThat(policy.decide(with(message("2", "alice", true, "hi"), "message", "high", false, false, false),
                night).level()).isEqualTo(WakeLevel.URGENT);
        assertThat(policy.decide(message("3", "alice", true, "hi"), NOON).wakes()).isTrue();
    }

    @Test
    void aLowPriorityMessageNeverWakesEvenWhenItMentionsTheAgentOrComesFromAWatchedSender() {
        WakePolicy policy = new WakePolicy(config(Setting.WAKE_KEYWORDS, "prod down", Setting.WAKE_WATCH, "carol"), "bob");
        for (WakeCandidate low : java.util.List.of(message("1", "alice", true, "@bob prod down"),
                message("2", "carol", false, "fyi"))) {
            WakePolicy.Decision decision = policy.decide(with(low, "message", "low", false, false, false), NOON);
            assertThat(decision.wakes()).isFalse();
            assertThat(decision.reason()).isEqualTo("low priority: read on request");
            assertThat(policy.judge(with(low, "message", "low", false, false, false)).wakes())
                    .as("nor do the hooks push it").isFalse();
        }
    }
}
