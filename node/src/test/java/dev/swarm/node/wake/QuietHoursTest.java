package dev.swarm.node.wake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class QuietHoursTest {
    @Test
    void aSpanPastMidnightCoversTheNightOnly() {
        QuietHours night = QuietHours.parse("22:00-07:00");
        assertThat(night.contains(LocalTime.of(23, 0))).isTrue();
        assertThat(night.contains(LocalTime.of(3, 0))).isTrue();
        assertThat(night.contains(LocalTime.of(7, 0))).isFalse();
        assertThat(night.contains(LocalTime.of(12, 0))).isFalse();
    }

    @Test
    void aSpanWithinADayCoversItsHours() {
        QuietHours lunch = QuietHours.parse("12:00-13:30");
        assertThat(lunch.contains(LocalTime.of(12, 45))).isTrue();
        assertThat(lunch.contains(LocalTime.of(13, 30))).isFalse();
    }

    @Test
    void noSettingMeansNoQuietHoursAndNonsenseIsAClearError() {
        assertThat(QuietHours.parse(null)).isNull();
        assertThat(QuietHours.parse(" ")).isNull();
        for (String bad : new String[] {"22-7", "late", "25:00-01:00", "22:00"}) {
            assertThatThrownBy(() -> QuietHours.parse(bad)).isInstanceOfSatisfying(SwarmException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("wake_quiet_hours");
            });
        }
    }
}
