package dev.swarm.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarm.node.support.Schemas;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The protocol's one timestamp form: exactly yyyy-MM-dd'T'HH:mm:ss.SSS'Z', UTC, truncated. */
class TimestampsTest {

    @Test
    void subMillisecondDigitsAreTruncatedNotRounded() {
        assertThat(Timestamps.format(Instant.parse("2026-02-05T14:30:00.999999999Z")))
                .isEqualTo("2026-02-05T14:30:00.999Z");
        assertThat(Timestamps.format(Instant.parse("2026-12-31T23:59:59.9995Z")))
                .isEqualTo("2026-12-31T23:59:59.999Z");
        assertThat(Timestamps.format(Instant.parse("2026-02-05T14:30:00.123456Z")))
                .isEqualTo("2026-02-05T14:30:00.123Z");
    }

    @Test
    void fractionAlwaysHasThreeDigits() {
        assertThat(Timestamps.format(Instant.parse("2026-02-05T14:30:00Z"))).isEqualTo("2026-02-05T14:30:00.000Z");
        assertThat(Timestamps.format(Instant.parse("2026-02-05T14:30:00.010Z"))).isEqualTo("2026-02-05T14:30:00.010Z");
        assertThat(Timestamps.format(Instant.parse("2026-02-05T14:30:00.5Z"))).isEqualTo("2026-02-05T14:30:00.500Z");
    }

    @Test
    void instantIsWrittenInUtcWhateverZoneItWasMadeIn() {
        Instant kolkata = ZonedDateTime.of(LocalDateTime.parse("2026-02-05T20:00:00.250"), ZoneId.of("Asia/Kolkata"))
                .toInstant();
        Instant losAngeles = ZonedDateTime.of(LocalDateTime.parse("2026-02-05T06:30:00.250"),
                ZoneId.of("America/Los_Angeles")).toInstant();

        assertThat(Timestamps.format(kolkata)).isEqualTo("2026-02-05T14:30:00.250Z");
        assertThat(Timestamps.format(losAngeles)).isEqualTo("2026-02-05T14:30:00.250Z");
    }

    @Test
    void yearsArePaddedToFourDigits() {
        assertThat(Timestamps.format(Instant.parse("0001-01-01T00:00:00Z"))).isEqualTo("0001-01-01T00:00:00.000Z");
        assertThat(Timestamps.format(Instant.parse("0999-06-15T12:00:00Z"))).isEqualTo("0999-06-15T12:00:00.000Z");
        assertThat(Timestamps.format(Instant.parse("9999-12-31T23:59:59.999Z")))
                .isEqualTo("9999-12-31T23:59:59.999Z");
        assertThat(Timestamps.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000Z");
    }

    @Test
    void formattedTextIsValidMatchesTheSchemaPatternAndParsesBackToTheTruncatedInstant() {
        Random random = new Random(20_260_205);
        for (int i = 0; i < 200; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 253_402_300_799L),
                    random.nextInt(1_000_000_000));
            String text = Timestamps.format(instant);

            assertThat(Timestamps.isValid(text)).as(text).isTrue();
            assertThat(Timestamps.parse(text)).isEqualTo(instant.truncatedTo(ChronoUnit.MILLIS));
            assertThat(Schemas.errors("health.schema.json", health(text))).as(text).isEmpty();
        }
    }

    @Test
    void theHandWrittenFormAgreesWithTheJdkFormatterOnRandomInstantsFromYear0To9999() {
        DateTimeFormatter jdk = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        Random random = new Random(15);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L),
                    random.nextInt(1_000_000_000));
            String expected = jdk.format(instant.truncatedTo(ChronoUnit.MILLIS));

            assertThat(Timestamps.format(instant)).isEqualTo(expected);
            assertThat(Timestamps.parse(expected)).isEqualTo(Instant.from(jdk.parse(expected)));
        }
    }

    @Test
    void formattedTimestampsSortAsTextInTimeOrder() {
        Random random = new Random(7);
        List<Instant> instants = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            instants.add(Instant.ofEpochMilli(random.nextLong(0, 4_102_444_800_000L)));
        }
        List<String> byTime = instants.stream().sorted().map(Timestamps::format).toList();
        List<String> byText = instants.stream().map(Timestamps::format).sorted().toList();

        assertThat(byText).isEqualTo(byTime);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "2026-02-05T14:30:00.000+00:00",
        "2026-02-05T14:30:00.000+01:00",
        "2026-02-05T14:30:00.00Z",
        "2026-02-05T14:30:00.0000Z",
        "2026-02-05T14:30:00.000000Z",
        "2026-02-05T14:30:00Z",
        "2026-02-05T14:30:00.000",
        "2026-02-05T14:30:00.000z",
        "2026-02-05t14:30:00.000Z",
        "2026-02-05 14:30:00.000Z",
        "2026-2-5T14:30:00.000Z",
        "20260205T143000.000Z",
        " 2026-02-05T14:30:00.000Z",
        "2026-02-05T14:30:00.000Z\n",
        "+2026-02-05T14:30:00.000Z",
        "2026-02-30T10:00:00.000Z",
        "2026-02-29T10:00:00.000Z",
        "2026-04-31T10:00:00.000Z",
        "2026-13-01T10:00:00.000Z",
        "2026-00-10T10:00:00.000Z",
        "2026-02-05T24:00:00.000Z",
        "2026-02-05T14:60:00.000Z",
        "2026-12-31T23:59:60.000Z",
        "\u0662\u0660\u0662\u0666-02-05T14:30:00.000Z",
        "2026-02-05T14:30:00.0a0Z",
        ""
    })
    void nearMissesAreNotValid(String text) {
        assertThat(Timestamps.isValid(text)).isFalse();
    }

    @Test
    void nullIsNotValid() {
        assertThat(Timestamps.isValid(null)).isFalse();
    }

    @Test
    void leapDaysAreValidOnlyInLeapYears() {
        assertThat(Timestamps.isValid("2028-02-29T12:00:00.000Z")).isTrue();
        assertThat(Timestamps.isValid("2000-02-29T12:00:00.000Z")).isTrue();
        assertThat(Timestamps.isValid("2100-02-29T12:00:00.000Z")).isFalse();
    }

    @Test
    void parseRefusesTextThatIsNotCanonical() {
        assertThatThrownBy(() -> Timestamps.parse("2026-02-30T10:00:00.000Z")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> Timestamps.parse("2026-02-05T14:30:00Z")).isInstanceOf(RuntimeException.class);
        assertThat(Timestamps.parse("2026-02-05T14:30:00.007Z")).isEqualTo(Instant.parse("2026-02-05T14:30:00.007Z"));
    }

    private static String health(String timestamp) {
        return "{\"status\":\"healthy\",\"agent_id\":\"alice\",\"protocol_version\":\"0.1.0\",\"timestamp\":\""
                + timestamp + "\"}";
    }
}
