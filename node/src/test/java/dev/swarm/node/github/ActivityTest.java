package dev.swarm.node.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.messaging.PeerText;
import dev.swarm.node.protocol.Json;
import org.junit.jupiter.api.Test;

/** What the watcher writes from text anyone on GitHub chose: titles, label names, logins. */
class ActivityTest {
    /** C0 and C1 controls, an OSC title, bidi overrides and isolates, zero-width and tag characters. */
    private static final String HOSTILE = "Fix\u001b[2K\r parser\u009b2J\u202e yolped\u202c\u200b now\u2066!\u2069"
            + "\udb40\udc41\u00ad\u001b]0;t\u0007";

    private static String quoted(String text) {
        return Json.toText(text);
    }

    @Test
    void aTitleLosesEveryHiddenCharacterAndStaysOneLine() {
        Activity opened = Activity.opened("acme/app", Json.readTree("{\"number\":12,\"created_at\":"
                + "\"2026-01-01T00:00:00Z\",\"html_url\":\"https://github.com/acme/app/issues/12\",\"title\":"
                + quoted(HOSTILE + "\nsecond line") + ",\"user\":{\"login\":\"mallory\"}}"));

        assertThat(opened.content())
                .isEqualTo("new issue acme/app#12 by mallory: Fix[2K parser2J yolped now!]0;t second line");
        assertThat(PeerText.isClean(opened.content())).isTrue();
    }

    @Test
    void labelsAndLoginsLoseThemToo() {
        Activity labeled = Activity.event("acme/app", Json.readTree("{\"id\":7,\"event\":\"labeled\",\"created_at\":"
                + "\"2026-01-01T00:00:00Z\",\"actor\":{\"login\":" + quoted("mal\u200blory\u202e") + "},\"label\":"
                + "{\"name\":" + quoted("urgent\u009b\u2066") + "},\"issue\":{\"number\":3}}"));

        assertThat(labeled.content()).isEqualTo("label urgent added to acme/app#3 by mallory");
        assertThat(labeled.actor()).isEqualTo("mallory");
    }
}
