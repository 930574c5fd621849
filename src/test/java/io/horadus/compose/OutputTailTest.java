package io.horadus.compose;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class OutputTailTest {

    @Test
    void shortOutputIsKeptWhole() {
        var tail = new OutputTail(20);
        tail.append("one\n");
        tail.append("two\n".getBytes(StandardCharsets.UTF_8));

        assertThat(tail.text()).isEqualTo("one\ntwo\n");
    }

    @Test
    void longOutputKeepsItsEndFromALineStart() {
        var tail = new OutputTail(20);
        for (int i = 0; i < 100; i++) {
            tail.append("line " + i + "\n");
        }

        assertThat(tail.text()).isEqualTo("line 98\nline 99\n");
    }

    @Test
    void oneHugeLineIsCutToItsLastCharacters() {
        var tail = new OutputTail(10);
        tail.append("x".repeat(1000) + "0123456789");

        assertThat(tail.text()).isEqualTo("0123456789");
    }

    @Test
    void multiByteCharactersAreCountedAsCharacters() {
        var tail = new OutputTail(4);
        tail.append("ééééé€€€€");

        assertThat(tail.text()).isEqualTo("€€€€");
    }

    @Test
    void nothingWrittenIsEmpty() {
        assertThat(new OutputTail(5).text()).isEmpty();
    }
}
