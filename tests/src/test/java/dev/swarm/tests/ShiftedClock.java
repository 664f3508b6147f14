package dev.swarm.tests;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock moved by an offset a test sets while nodes run: nodes given it live that far in the
 * past or future, as a host whose clock (or whose world) moved on. Views in other zones share the offset.
 */
final class ShiftedClock extends Clock {
    private final ShiftedClock source;
    private final ZoneId zone;
    private volatile Duration offset = Duration.ZERO;

    ShiftedClock() {
        this.source = null;
        this.zone = ZoneOffset.UTC;
    }

    private ShiftedClock(ShiftedClock source, ZoneId zone) {
        this.source = source;
        this.zone = zone;
    }

    /** From now on the time is the real time plus {@code by}. */
    void shift(Duration by) {
        if (source != null) {
            source.shift(by);
        } else {
            offset = by;
        }
    }

    @Override
    public Instant instant() {
        return source != null ? source.instant() : Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new ShiftedClock(source != null ? source : this, newZone);
    }
}
