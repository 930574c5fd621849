package io.horadus.source;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Serializes work on one release key while letting different keys proceed in parallel. Expects
 * nothing; keeps one lock object per key seen (a handful per operator, so never evicted).
 */
final class KeyLocks {

    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    <T> T withLock(String key, Supplier<T> work) {
        Object lock = locks.computeIfAbsent(key, k -> new Object());
        synchronized (lock) {
            return work.get();
        }
    }
}
