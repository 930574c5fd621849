package io.horadus.cli;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FatalErrorsTest {

    private final List<Integer> halts = new ArrayList<>();
    private final List<Throwable> passedOn = new ArrayList<>();
    private final FatalErrors handler = new FatalErrors((thread, error) -> passedOn.add(error), halts::add);

    @Test
    @DisplayName("an OutOfMemoryError that reaches the top of a thread ends the process with exit code 3")
    void outOfMemoryHalts() {
        handler.uncaughtException(Thread.currentThread(), new OutOfMemoryError("Direct buffer memory"));

        assertThat(halts).containsExactly(3);
        assertThat(passedOn).isEmpty();
    }

    @Test
    @DisplayName("a stack overflow ends it too: the thread's release would never be reconciled again")
    void stackOverflowHalts() {
        handler.uncaughtException(Thread.currentThread(), new StackOverflowError());

        assertThat(halts).containsExactly(3);
    }

    @Test
    @DisplayName("any other error or exception goes to the handler that was there before, and the process runs on")
    void othersPassedOn() {
        var bug = new IllegalStateException("a bug");
        var assertion = new AssertionError("an assertion");

        handler.uncaughtException(Thread.currentThread(), bug);
        handler.uncaughtException(Thread.currentThread(), assertion);

        assertThat(halts).isEmpty();
        assertThat(passedOn).containsExactly(bug, assertion);
    }
}
