package dev.swarm.node.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeaseGlobTest {
    private static boolean overlap(String a, String b) {
        boolean forward = LeaseGlob.parse(a).overlaps(LeaseGlob.parse(b));
        assertThat(LeaseGlob.parse(b).overlaps(LeaseGlob.parse(a))).as("overlap is symmetric").isEqualTo(forward);
        return forward;
    }

    @ParameterizedTest(name = "{0} and {1} overlap")
    @CsvSource(delimiter = '|', value = {
        "src/**|src/main/App.java",
        "src/**|src",
        "**|anything/at/all",
        "src/*.java|src/App.java",
        "src/*.java|src/**",
        "src/*.java|*/App.*",
        "docs/*.md|docs/a?c.md",
        "a/**/z|a/b/c/z",
        "a/**/z|**/z",
        "a/**/z|a/z",
        "**/test/**|src/**/Foo.java",
        "*a*|*b*",
        "a*|*b",
        "pages/[id].tsx|pages/*.tsx",
        "x/y|x/",
        "src/**/*.java|src/main/**"})
    void globsThatSomePathMatchesBothOverlap(String a, String b) {
        assertThat(overlap(a, b)).isTrue();
    }

    @ParameterizedTest(name = "{0} and {1} are disjoint")
    @CsvSource(delimiter = '|', value = {
        "src/**|docs/**",
        "src/*.java|src/*.md",
        "src/*.java|src/main/App.java",
        "src/?|src/ab",
        "a/**/z|a/**/y",
        "a/*/z|a/b/c/z",
        "docs/*.md|docs/*.txt",
        "a?c|abd",
        "src/main|src/main/App.java",
        "x*y|z*"})
    void globsThatNoPathMatchesBothAreDisjoint(String a, String b) {
        assertThat(overlap(a, b)).isFalse();
    }

    @Test
    void pathsMatchSegmentBySegmentWithStarsStoppingAtSlashes() {
        assertThat(LeaseGlob.parse("src/*.java").matches("src/App.java")).isTrue();
        assertThat(LeaseGlob.parse("src/*.java").matches("src/main/App.java")).isFalse();
        assertThat(LeaseGlob.parse("src/**").matches("src/main/App.java")).isTrue();
        assertThat(LeaseGlob.parse("src/").matches("src/main/App.java")).as("a trailing slash is /**").isTrue();
        assertThat(LeaseGlob.parse("my docs/*").matches("my docs/read me.txt")).as("spaces are literal").isTrue();
        assertThat(LeaseGlob.parse("*").matches("line\nbreak")).as("a newline in a name is a character").isTrue();
        assertThat(LeaseGlob.parse("-rf").matches("-rf")).isTrue();
        assertThat(LeaseGlob.parse("pages/[id].tsx").matches("pages/[id].tsx")).isTrue();
        assertThat(LeaseGlob.parse("pages/[id].tsx").matches("pages/i.tsx")).as("brackets are literal").isFalse();
        assertThat(LeaseGlob.parse("Src/**").matches("src/a")).as("case-sensitive, as git").isFalse();
    }

    @Test
    void pathsAreNormalisedBeforeMatchingAndThoseLeavingTheRepositoryAreNot() {
        assertThat(LeaseGlob.normalisePath("src/../secret/key")).contains("secret/key");
        assertThat(LeaseGlob.normalisePath("./a//b/./c")).contains("a/b/c");
        assertThat(LeaseGlob.normalisePath("../outside")).isEmpty();
        assertThat(LeaseGlob.normalisePath("a/../..")).isEmpty();
        assertThat(LeaseGlob.normalisePath("")).isEmpty();
    }

    @ParameterizedTest(name = "refused: [{0}]")
    @ValueSource(strings = {"", "/etc/passwd", "a//b", "a/./b", "../x", "a/..", "src/a**b", "back\\slash", "tab\there",
        "new\nline", "del\u007f", "evil\u202Etxt.exe", "zero\u200Bwidth", "c1\u009bcontrol"})
    void malformedGlobsAreRefused(String glob) {
        assertThatThrownBy(() -> LeaseGlob.parse(glob)).isInstanceOfSatisfying(SwarmException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(LeaseGlob.check(glob)).isPresent();
    }

    @Test
    void oversizedGlobsAreRefused() {
        assertThat(LeaseGlob.check("a".repeat(LeaseGlob.MAX_CHARS))).isEmpty();
        assertThat(LeaseGlob.check("a".repeat(LeaseGlob.MAX_CHARS + 1))).contains("is longer than 256 characters");
        assertThat(LeaseGlob.check("a/".repeat(LeaseGlob.MAX_SEGMENTS - 1) + "a")).isEmpty();
        assertThat(LeaseGlob.check("a/".repeat(LeaseGlob.MAX_SEGMENTS) + "a")).contains("has more than 32 segments");
    }

    @Test
    void aWorstCaseOverlapOfManyStarsAndDoubleStarsIsQuick() {
        String stars = "*a".repeat(60);
        String deep = "**/" + "*x*/**/".repeat(15) + "y";
        assertThat(LeaseGlob.parse(stars).overlaps(LeaseGlob.parse("*b".repeat(60)))).isFalse();
        assertThat(LeaseGlob.parse(deep).overlaps(LeaseGlob.parse("**/" + "*z*/**/".repeat(15) + "y"))).isTrue();
    }

    @Test
    void consecutiveDoubleStarsAndATrailingSlashAreWrittenOneWay() {
        assertThat(LeaseGlob.parse("a/**/**/b").toString()).isEqualTo("a/**/b");
        assertThat(LeaseGlob.parse("src/").toString()).isEqualTo("src/**");
        assertThat(LeaseGlob.parse("src/")).isEqualTo(LeaseGlob.parse("src/**"));
    }
}
