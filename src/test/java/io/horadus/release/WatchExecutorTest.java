package io.horadus.release;

import io.horadus.release.watch.WatchExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WatchExecutorTest {

    private final LinkedBlockingQueue<Throwable> uncaught = new LinkedBlockingQueue<>();
    private final WatchExecutor executor = new WatchExecutor(1);
    private Thread.UncaughtExceptionHandler before;

    @BeforeEach
    void captureUncaught() {
        // The process-wide default is what the executor's threads use: replaced for this test only.
        before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.add(error));
    }

    @AfterEach
    void restore() {
        executor.shutdownNow();
        Thread.setDefaultUncaughtExceptionHandler(before);
    }

    @Test
    @DisplayName("an error a round throws reaches the uncaught-exception handler instead of staying in its future")
    void errorHandedOn() throws Exception {
        var error = new OutOfMemoryError("Direct buffer memory");
        executor.schedule(() -> {
            throw error;
        }, 0, TimeUnit.MILLISECONDS);

        assertThat(uncaught.poll(5, TimeUnit.SECONDS)).isSameAs(error);
    }

    @Test
    @DisplayName("a round that returns, or throws an exception (the rounds' own business), reaches no handler, and the threads go on")
    void exceptionsStay() throws Exception {
        executor.schedule(() -> { }, 0, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
        java.util.concurrent.Future<?> failed = executor.schedule(() -> {
            throw new IllegalStateException("a round's failure");
        }, 0, TimeUnit.MILLISECONDS);
        executor.schedule(() -> { }, 10, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);

        assertThat(failed.isDone()).isTrue();
        assertThat(uncaught).isEmpty();
        assertThat(executor.schedule(() -> Thread.currentThread().getName(), 0, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS))
                .startsWith("horadus-watch-");
    }
}
