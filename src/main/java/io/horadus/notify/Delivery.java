package io.horadus.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts messages off the caller's thread, so a slow or dead webhook never holds a release: a bounded
 * number of messages wait (beyond it a message is dropped and counted); one sender thread posts them in
 * order, each request cut at its timeout; a failure that may pass (no answer, a timeout, 429, 5xx) is tried
 * again with a doubling backoff, at most {@code attempts} times and never past {@code giveUpAfter} from the
 * first try; other answers (400, 403, 404: a wrong or revoked URL) are not retried. Outcomes are counted in
 * horadus_notifications_total{result=Sent|Failed|Dropped}.
 */
final class Delivery implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Delivery.class);

    /** One message for one webhook; {@code about} names it in logs ("Released of shop/web v1.2.0"), never the URL. */
    record Message(Webhook webhook, String about, byte[] json) {
    }

    private final Transport transport;
    private final ScheduledExecutorService sender;
    private final Clock clock;
    private final DeliverySettings settings;
    private final Counter sent;
    private final Counter failed;
    private final Counter dropped;
    // Messages queued or waiting for a retry: what the bound applies to.
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closing;

    Delivery(Transport transport, ScheduledExecutorService sender, Clock clock, DeliverySettings settings, MeterRegistry registry) {
        this.transport = transport;
        this.sender = sender;
        this.clock = clock;
        this.settings = settings;
        this.sent = counter(registry, "Sent");
        this.failed = counter(registry, "Failed");
        this.dropped = counter(registry, "Dropped");
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("horadus_notifications").description("Notifications by outcome: Sent, Failed (given up, or not sendable), Dropped (queue full, or shutting down)")
                .tag("result", result).register(registry);
    }

    /** Queues {@code message}; returns at once. False when it was dropped: too many wait already, or closing. */
    boolean offer(Message message) {
        if (closing) {
            return drop(message, "shutting down");
        }
        if (waiting.incrementAndGet() > settings.queueLimit()) {
            waiting.decrementAndGet();
            return drop(message, settings.queueLimit() + " notifications wait already");
        }
        var first = clock.instant();
        try {
            sender.execute(() -> attempt(message, 1, first));
        } catch (RejectedExecutionException e) {
            waiting.decrementAndGet();
            return drop(message, "shutting down");
        }
        return true;
    }

    private boolean drop(Message message, String why) {
        dropped.increment();
        LOG.warnf("notification %s to %s dropped: %s", message.about(), message.webhook().origin(), why);
        return false;
    }

    /** A counted failure the caller found before sending (a missing Secret, a value that is no URL). */
    void notSendable() {
        failed.increment();
    }

    private void attempt(Message message, int attempt, Instant first) {
        String why;
        boolean retryable;
        try {
            var status = transport.post(message.webhook().url(), message.json(), settings.timeout());
            if (status >= 200 && status < 300) {
                waiting.decrementAndGet();
                sent.increment();
                LOG.debugf("notification %s sent to %s (attempt %d)", message.about(), message.webhook().origin(), attempt);
                return;
            }
            why = "HTTP " + status;
            retryable = status == 429 || status >= 500;
        } catch (HttpTimeoutException e) {
            why = "no answer within " + settings.timeout().toMillis() + " ms";
            retryable = true;
        } catch (IOException e) {
            // The exception's text names the host at most, never the URL's path (where a webhook keeps its token).
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            retryable = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted (shutting down)";
            retryable = false;
        } catch (RuntimeException e) {
            // A request the client refuses to make (a bug, a setting it cannot use): told and counted, never lost in the executor.
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            retryable = false;
        }
        // Defensive: an exception's text is not expected to quote the URL, but the URL is a credential.
        why = why.replace(message.webhook().url().toString(), "***");
        var backoff = backoff(attempt);
        var tooLate = Duration.between(first, clock.instant().plus(backoff)).compareTo(settings.giveUpAfter()) > 0;
        if (!retryable || closing || attempt >= settings.attempts() || tooLate) {
            giveUp(message, attempt, why);
            return;
        }
        LOG.debugf("notification %s to %s failed (%s): try %d in %d ms", message.about(), message.webhook().origin(), why, attempt + 1, backoff.toMillis());
        try {
            sender.schedule(() -> attempt(message, attempt + 1, first), backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            giveUp(message, attempt, why + "; shutting down");
        }
    }

    private void giveUp(Message message, int attempts, String why) {
        waiting.decrementAndGet();
        failed.increment();
        LOG.warnf("notification %s to %s not sent after %d attempt(s): %s", message.about(), message.webhook().origin(), attempts, why);
    }

    private Duration backoff(int attempt) {
        var backoff = settings.firstBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        return backoff.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff;
    }

    /**
     * Sends what is queued for a short while ({@code drain}), then stops: retries not yet due are not
     * waited for, and what did not go is counted as dropped.
     */
    @Override
    public void close() {
        closing = true;
        sender.shutdown();
        try {
            if (!sender.awaitTermination(settings.drain().toMillis(), TimeUnit.MILLISECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            sender.shutdownNow();
            Thread.currentThread().interrupt();
        }
        var lost = waiting.getAndSet(0);
        if (lost > 0) {
            dropped.increment(lost);
            LOG.warnf("%d notification(s) not sent at shutdown", lost);
        }
    }
}
