package dev.swarm.node.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a received message may claim as its chain, and what is refused. */
class ChainTest {
    private static final String ORIGIN = "0b9e1c9e-5f7a-4c1e-9a59-2f0c7d2d9b11";

    @Test
    void aMessageWithoutChainKeysClaimsNone() {
        assertThat(Chain.claimed(null)).isEmpty();
        assertThat(Chain.claimed(Map.of("receipt_requested", true))).isEmpty();
        Map<String, Object> nulls = new HashMap<>();
        nulls.put(Chain.ORIGIN, null);
        nulls.put(Chain.HOP, null);
        assertThat(Chain.claimed(nulls)).as("nulls count as absent").isEmpty();
    }

    @Test
    void aWellFormedChainIsRead() {
        assertThat(Chain.claimed(Map.of(Chain.ORIGIN, ORIGIN, Chain.HOP, 3L))).contains(new Chain(ORIGIN, 3));
        assertThat(Chain.claimed(Map.of(Chain.ORIGIN, ORIGIN, Chain.HOP, 0L))).contains(Chain.startingAt(ORIGIN));
    }

    @Test
    void aHugeHopCountIsReadAsTheCapSoItIsHeldAndNeverOverflows() {
        Chain huge = Chain.claimed(Map.of(Chain.ORIGIN, ORIGIN, Chain.HOP, Long.MAX_VALUE)).orElseThrow();
        assertThat(huge.hop()).isEqualTo(Chain.MAX_HOP);
        assertThat(huge.next().hop()).isEqualTo(Chain.MAX_HOP);
    }

    @Test
    void aNegativeHopCountIsRefusedNamingTheField() {
        assertRefused(Map.of(Chain.ORIGIN, ORIGIN, Chain.HOP, -1L), "metadata.chain_hop");
        assertRefused(Map.of(Chain.ORIGIN, ORIGIN, Chain.HOP, Long.MIN_VALUE), "metadata.chain_hop");
    }

    @Test
    void aHopCountThatIsNotAWholeNumberIsRefused() {
        assertRefused(Map.of(Chain.ORIGIN, ORIGIN, Chain.HOP, "3"), "metadata.chain_hop");
        assertRefused(Map.of(Chain.ORIGIN, ORIGIN, Chain.HOP, true), "metadata.chain_hop");
    }

    @Test
    void anOriginThatIsNotAMessageIdOrHalfAChainIsRefused() {
        assertRefused(Map.of(Chain.ORIGIN, "not-a-uuid", Chain.HOP, 1L), "metadata.chain_origin");
        assertRefused(Map.of(Chain.ORIGIN, ORIGIN.toUpperCase(), Chain.HOP, 1L), "metadata.chain_origin");
        assertRefused(Map.of(Chain.HOP, 1L), "metadata.chain_origin");
        assertRefused(Map.of(Chain.ORIGIN, ORIGIN), "metadata.chain_hop");
    }

    @Test
    void theMetadataOfAChainIsWhatIsClaimedBack() {
        Chain chain = new Chain(ORIGIN, 7);
        Map<String, Object> metadata = new HashMap<>(chain.metadata());
        metadata.put(Chain.HOP, ((Integer) metadata.get(Chain.HOP)).longValue());
        assertThat(Chain.claimed(metadata)).contains(chain);
    }

    private static void assertRefused(Map<String, Object> metadata, String field) {
        assertThatThrownBy(() -> Chain.claimed(metadata)).isInstanceOfSatisfying(SwarmException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FORMAT);
            assertThat(e.details()).containsEntry("field", field);
        });
    }
}
