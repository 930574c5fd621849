package io.horadus.verify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OneLineTest {

    @Test
    void takesTheFirstNonBlankLine() {
        assertThat(OneLine.excerpt("\n  \n  database down  \nmore", 60)).isEqualTo("database down");
    }

    @Test
    void cutsLongTextWithAnEllipsis() {
        assertThat(OneLine.excerpt("a".repeat(200), 10)).isEqualTo("aaaaaaaaa…");
    }

    @Test
    void dropsControlCharacters() {
        assertThat(OneLine.excerpt("bad\u001b[31mred\u0007", 60)).isEqualTo("bad[31mred");
    }

    @Test
    void nullAndBlankGiveNothing() {
        assertThat(OneLine.excerpt(null, 60)).isEmpty();
        assertThat(OneLine.excerpt(" \n\t", 60)).isEmpty();
    }
}
