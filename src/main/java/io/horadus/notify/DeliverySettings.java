package io.horadus.notify;

import java.time.Duration;

/**
 * How notifications are delivered ({@link Delivery}).
 *
 * @param queueLimit   how many messages may wait (queued or between retries) before new ones are dropped
 * @param attempts     tries per message, the first included
 * @param giveUpAfter  the longest a message is tried for, from its first try
 * @param firstBackoff the wait before the second try; it doubles after each failure, up to {@code maxBackoff}
 * @param timeout      each request's limit, connecting included
 * @param drain        how long closing waits for queued messages to go
 */
public record DeliverySettings(int queueLimit, int attempts, Duration giveUpAfter, Duration firstBackoff, Duration maxBackoff, Duration timeout,
                               Duration drain) {

    /**
     * 100 waiting, 5 tries within 2 minutes (1 s, 2 s, 4 s, 8 s apart), 5 s per request, 5 s to drain at shutdown
     * (the command line's apply ends right after the release it notifies of; the first request also starts the
     * HTTP client, about a second on a busy machine).
     */
    public static final DeliverySettings DEFAULT = new DeliverySettings(100, 5, Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(5), Duration.ofSeconds(5));

    public DeliverySettings withTimeout(Duration timeout) {
        return new DeliverySettings(queueLimit, attempts, giveUpAfter, firstBackoff, maxBackoff, timeout, drain);
    }
}
