package io.horadus.verify;

import java.time.Duration;
import java.time.Instant;

/**
 * One counter selector in this round, against the same release's previous round.
 *
 * @param series       how many series match now
 * @param value        their sum now
 * @param baseline     there was no previous round to compare with (first round, restart, forgotten)
 * @param increase     sum of the series' increases since the previous round; 0 on a baseline
 * @param window       time since the previous round; zero on a baseline
 * @param lastIncrease when the sum last increased, or when it was first seen
 */
record CounterReading(int series, double value, boolean baseline, double increase, Duration window, Instant lastIncrease) {
}
