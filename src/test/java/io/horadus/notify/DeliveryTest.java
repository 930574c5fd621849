package io.horadus.notify;

import io.horadus.testing.ManualScheduler;
import io.horadus.testing.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue and its retries, on a scheduler and clock the test moves by hand and a webhook that answers as
 * scripted: what is posted, when, how often, and how each message is counted.
 */
class DeliveryTest {

    private static final URI URL = URI.create("https://hooks.example/services/T1/B2/secret-path");
    private static final DeliverySettings SETTINGS = new DeliverySettings(3, 5, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(8),
            Duration.ofSeconds(5), Duration.ofSeconds(2));

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final Webhook webhook = new Webhook(URL, "Secret hooks key 'url'");
    private final Script webhookAnswers = new Script();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** What Delivery logs at INFO and above, as "LEVEL message". */
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler logHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                var text = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
                logged.add(record.getLevel() + " " + text);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger(Delivery.class.getName()).addHandler(logHandler);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger(Delivery.class.getName()).removeHandler(logHandler);
    }

    @Test
    @DisplayName("a webhook that answers 200: posted once, at once, counted Sent")
    void sent() {
        var delivery = delivery(SETTINGS);
        webhookAnswers.answer(200);

        assertThat(delivery.offer(message("one"))).isTrue();
        assertThat(webhookAnswers.posts).as("nothing posted on the caller's thread").isEmpty();
        scheduler.runDue();

        assertThat(webhookAnswers.posts).containsExactly("one @0s");
        assertThat(counts()).containsExactly(1.0, 0.0, 0.0);
    }

    @Test
    @DisplayName("500, then a connection refused, then 200: tried again after 1 s, then 2 s; counted Sent once")
    void retriedWithBackoff() {
        var delivery = delivery(SETTINGS);
        webhookAnswers.answer(500).fail(new ConnectException("Connection refused")).answer(200);

        delivery.offer(message("one"));
        runFor(Duration.ofSeconds(10));

        assertThat(webhookAnswers.posts).containsExactly("one @0s", "one @1s", "one @3s");
        assertThat(counts()).containsExactly(1.0, 0.0, 0.0);
    }

    @Test
    @DisplayName("a webhook that never answers in time: 5 tries (1, 2, 4, 8 s apart), then given up and counted Failed")
    void attemptsBound() {
        var delivery = delivery(SETTINGS);
        webhookAnswers.fail(new HttpTimeoutException("request timed out"));

        delivery.offer(message("one"));
        runFor(Duration.ofMinutes(5));

        assertThat(webhookAnswers.posts).containsExactly("one @0s", "one @1s", "one @3s", "one @7s", "one @15s");
        assertThat(counts()).containsExactly(0.0, 1.0, 0.0);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    @DisplayName("the time bound: with 6 s to try, a try that would begin later is not made")
    void timeBound() {
        var delivery = delivery(new DeliverySettings(3, 10, Duration.ofSeconds(6), Duration.ofSeconds(1), Duration.ofSeconds(8),
                Duration.ofSeconds(5), Duration.ofSeconds(2)));
        webhookAnswers.answer(503);

        delivery.offer(message("one"));
        runFor(Duration.ofMinutes(5));

        assertThat(webhookAnswers.posts).containsExactly("one @0s", "one @1s", "one @3s");
        assertThat(counts()).containsExactly(0.0, 1.0, 0.0);
    }

    @Test
    @DisplayName("404 (a wrong or revoked URL) is not tried again: counted Failed at once; 429 is")
    void permanentAnswer() {
        var delivery = delivery(SETTINGS);
        webhookAnswers.answer(404);
        delivery.offer(message("gone"));
        runFor(Duration.ofMinutes(1));
        assertThat(webhookAnswers.posts).containsExactly("gone @0s");
        assertThat(counts()).containsExactly(0.0, 1.0, 0.0);

        webhookAnswers.from().answer(429).answer(200);
        delivery.offer(message("busy"));
        runFor(Duration.ofMinutes(1));
        assertThat(webhookAnswers.posts).containsExactly("gone @0s", "busy @60s", "busy @61s");
        assertThat(counts()).containsExactly(1.0, 1.0, 0.0);
    }

    @Test
    @DisplayName("a full queue: the offer beyond the bound is dropped at once and counted Dropped; the others are sent")
    void dropWhenFull() {
        var delivery = delivery(SETTINGS);
        webhookAnswers.answer(200);

        var offered = List.of(delivery.offer(message("1")), delivery.offer(message("2")), delivery.offer(message("3")), delivery.offer(message("4")));
        scheduler.runDue();

        assertThat(offered).containsExactly(true, true, true, false);
        assertThat(webhookAnswers.posts).containsExactly("1 @0s", "2 @0s", "3 @0s");
        assertThat(counts()).containsExactly(3.0, 0.0, 1.0);
    }

    @Test
    @DisplayName("messages waiting for a retry count against the bound until they are sent or given up")
    void retriesHoldTheirPlace() {
        var delivery = delivery(SETTINGS);
        webhookAnswers.answer(500);
        delivery.offer(message("1"));
        delivery.offer(message("2"));
        delivery.offer(message("3"));
        scheduler.runDue();

        assertThat(delivery.offer(message("4"))).isFalse();
        webhookAnswers.from().answer(200);
        runFor(Duration.ofSeconds(2));
        assertThat(delivery.offer(message("5"))).isTrue();
        scheduler.runDue();

        assertThat(counts()).containsExactly(4.0, 0.0, 1.0);
    }

    @Test
    @DisplayName("closing: a message waiting for its retry is not waited for; it is counted Dropped, and later offers too")
    void closeDrops() {
        var delivery = delivery(SETTINGS);
        webhookAnswers.answer(500);
        delivery.offer(message("1"));
        scheduler.runDue();

        delivery.close();

        assertThat(delivery.offer(message("2"))).isFalse();
        assertThat(counts()).containsExactly(0.0, 0.0, 2.0);
    }

    @Test
    @DisplayName("a failure's text is logged without the URL, even if an exception quoted it")
    void urlNeverInTheReason() {
        var delivery = delivery(SETTINGS);
        webhookAnswers.fail(new IOException("cannot reach " + URL));

        delivery.offer(message("one"));
        runFor(Duration.ofMinutes(5));

        assertThat(webhookAnswers.posts).hasSize(5);
        assertThat(counts()).containsExactly(0.0, 1.0, 0.0);
        assertThat(logged).singleElement().asString()
                .isEqualTo("WARN notification one to Secret hooks key 'url' not sent after 5 attempt(s): IOException: cannot reach ***");
    }

    // --------------------------------------------------------------------------------------------------

    private Delivery delivery(DeliverySettings settings) {
        return new Delivery(webhookAnswers, scheduler, clock, settings, registry);
    }

    private Delivery.Message message(String name) {
        return new Delivery.Message(webhook, name, ("{\"text\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** Moves the clock a second at a time, running what is due. */
    private void runFor(Duration duration) {
        scheduler.runDue();
        for (long s = 0; s < duration.toSeconds(); s++) {
            clock.advance(Duration.ofSeconds(1));
            scheduler.runDue();
        }
    }

    /** Sent, Failed, Dropped. */
    private List<Double> counts() {
        return List.of("Sent", "Failed", "Dropped").stream().map(r -> registry.counter("horadus_notifications", "result", r).count()).toList();
    }

    /** A webhook that answers as scripted, the last answer repeating; it records each post's text and when. */
    private final class Script implements Transport {
        private final Deque<Object> answers = new ArrayDeque<>();
        final List<String> posts = new ArrayList<>();
        private final Instant start = clock.instant();

        /** Answers from now on as scripted next (what was scripted before is forgotten). */
        Script from() {
            answers.clear();
            return this;
        }

        Script answer(int status) {
            answers.add(status);
            return this;
        }

        Script fail(IOException e) {
            answers.add(e);
            return this;
        }

        @Override
        public int post(URI url, byte[] json, Duration timeout) throws IOException {
            assertThat(url).isEqualTo(URL);
            var text = new String(json, StandardCharsets.UTF_8).replaceAll(".*\"text\":\"([^\"]*)\".*", "$1");
            posts.add(text + " @" + Duration.between(start, clock.instant()).toSeconds() + "s");
            var answer = answers.size() > 1 ? answers.poll() : answers.peek();
            if (answer instanceof IOException e) {
                throw e;
            }
            return (Integer) answer;
        }
    }
}
