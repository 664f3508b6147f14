package dev.swarm.node.bench;

import java.util.Arrays;
import java.util.Optional;

/**
 * The attack classes of the exposure issue and of {@code UnauthenticatedAttacksTest}, as the attack
 * benchmark runs them: each at full strength, on its own threads, until it is stopped.
 */
public enum AttackKind {
    /** 1 MiB bodies shaped {@code {"x":[{},{},...]}} on many streams from every attacker address. */
    HEAP("heap"),
    /** 300 streams on one connection, each body trickled a byte at a time. */
    TRICKLE_ONE("trickle-one"),
    /** The same on one connection per attacker address, 100 streams each. */
    TRICKLE_MANY("trickle-many"),
    /** HEADERS then RST_STREAM, as fast as the connection allows (CVE-2023-44487). */
    RAPID_RESET("rapid-reset"),
    /** A header block that references one 4 KB dynamic-table entry 15,000 times. */
    HPACK_BOMB("hpack-bomb"),
    /** A HEADERS frame followed by CONTINUATION frames that never end the block. */
    CONTINUATION_FLOOD("continuation-flood"),
    /** 2,000 streams opened on one connection, none of them ending. */
    OPEN_STREAMS("open-streams"),
    /** 200 connections that never start TLS and 100 whose HTTP/1.1 headers never end. */
    SLOWLORIS("slowloris"),
    /** Well-formed, signed messages from an agent that is not a member, as fast as they are answered. */
    REFUSED("refused"),
    /** Bodies over the size limit (with and without Content-Length), nested too deep, invalid UTF-8. */
    MALFORMED("malformed");

    private final String wireName;

    AttackKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<AttackKind> fromWire(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName.equals(name)).findFirst();
    }

    /** How an attack of this kind is made. */
    Attack create(AttackTarget target, AttackCounters counters) {
        return switch (this) {
            case HEAP, REFUSED, MALFORMED -> new BodyAttack(this, target, counters);
            case SLOWLORIS -> new SlowlorisAttack(target, counters);
            default -> new FrameAttack(this, target, counters);
        };
    }
}
