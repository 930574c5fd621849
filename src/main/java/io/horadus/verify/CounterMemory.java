package io.horadus.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the verifier remembers of each release's counters between rounds, keyed by release: the
 * value of every matching series at the last round, when that round was, and when each selector's
 * sum last increased. Ratio and progress rules are judged on the difference.
 *
 * <p>Only in memory: after an operator restart every rule starts again from a baseline, which costs
 * one round of judgement and needs no storage. Bounded: a release not read for {@link #FORGET_AFTER}
 * is forgotten (its next round is a baseline again: an increase over such a gap says nothing about
 * "since the last scrape"), and beyond {@link #MAX_RELEASES} the longest unread ones go first.
 * Reconciles of different releases run in parallel; each release's entry is replaced atomically.
 */
final class CounterMemory {

    /** Verification rounds come at most 300 s apart (spec.verify.intervalSeconds), so this is idle. */
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    static final int MAX_RELEASES = 1024;

    private final Map<String, Remembered> releases = new ConcurrentHashMap<>();
    private final Duration forgetAfter;
    private final int maxReleases;

    CounterMemory() {
        this(FORGET_AFTER, MAX_RELEASES);
    }

    CounterMemory(Duration forgetAfter, int maxReleases) {
        this.forgetAfter = forgetAfter;
        this.maxReleases = maxReleases;
    }

    /**
     * Reads this round's counters of one release against its previous round, then remembers this
     * round in place of that one. Selectors not read this round are forgotten (the rules changed).
     *
     * @param counters the samples each counter selector matches now, by selector text
     */
    Map<String, CounterReading> read(String release, Map<String, List<Sample>> counters, Instant now) {
        if (counters.isEmpty()) {
            return Map.of();
        }
        Map<String, CounterReading> readings = new HashMap<>();
        releases.compute(release, (key, before) -> {
            Map<String, Observation> previous = before == null || idle(before, now) ? Map.of() : before.observations();
            Map<String, Observation> next = new HashMap<>();
            counters.forEach((selector, samples) -> {
                Observation prior = previous.get(selector);
                CounterReading reading = reading(prior, samples, now);
                readings.put(selector, reading);
                next.put(selector, new Observation(values(samples), now, reading.lastIncrease()));
            });
            return new Remembered(next, now);
        });
        forgetIdle(now);
        return readings;
    }

    int size() {
        return releases.size();
    }

    private static CounterReading reading(Observation prior, List<Sample> samples, Instant now) {
        double value = samples.stream().mapToDouble(Sample::value).sum();
        if (prior == null) {
            return new CounterReading(samples.size(), value, true, 0, Duration.ZERO, now);
        }
        double increase = increase(prior.values(), samples);
        Instant lastIncrease = increase > 0 ? now : prior.lastIncrease();
        return new CounterReading(samples.size(), value, false, increase, Duration.between(prior.at(), now), lastIncrease);
    }

    /**
     * Per series, as Prometheus' increase() does: a value that went down means the counter was reset
     * (the app restarted), so the new value is all increase. Unlike increase(), a series that was not
     * there last round counts from 0: client libraries create a labelled series on its first event,
     * so the first 5xx of a kind would otherwise never be counted.
     */
    static double increase(Map<Series, Double> before, List<Sample> now) {
        double increase = 0;
        for (Sample sample : now) {
            Double previous = before.get(sample.series());
            double value = sample.value();
            increase += previous == null || value < previous ? value : value - previous;
        }
        return increase;
    }

    private static Map<Series, Double> values(List<Sample> samples) {
        Map<Series, Double> values = new HashMap<>();
        for (Sample sample : samples) {
            values.put(sample.series(), sample.value());
        }
        return Map.copyOf(values);
    }

    private boolean idle(Remembered remembered, Instant now) {
        return remembered.lastRead().plus(forgetAfter).isBefore(now);
    }

    private void forgetIdle(Instant now) {
        releases.values().removeIf(remembered -> idle(remembered, now));
        int excess = releases.size() - maxReleases;
        if (excess > 0) {
            releases.entrySet().stream()
                    .sorted(Comparator.comparing(entry -> entry.getValue().lastRead()))
                    .limit(excess)
                    .toList()
                    .forEach(entry -> releases.remove(entry.getKey(), entry.getValue()));
        }
    }

    private record Observation(Map<Series, Double> values, Instant at, Instant lastIncrease) {
    }

    private record Remembered(Map<String, Observation> observations, Instant lastRead) {
        Remembered {
            observations = Map.copyOf(observations);
        }
    }
}
