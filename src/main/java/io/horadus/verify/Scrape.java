package io.horadus.verify;

import java.util.List;
import java.util.Map;

/**
 * A parsed metrics page: its samples by metric name, and what could not be read.
 *
 * @param problems     the first few unreadable lines, each "line N: why"
 * @param problemCount how many lines could not be read in all
 */
record Scrape(Map<String, List<Sample>> samplesByName, List<String> problems, int problemCount) {

    Scrape {
        samplesByName = Map.copyOf(samplesByName);
        problems = List.copyOf(problems);
    }

    List<Sample> samples(String name) {
        return samplesByName.getOrDefault(name, List.of());
    }

    boolean hasSample() {
        return !samplesByName.isEmpty();
    }

    boolean readable() {
        return problemCount == 0;
    }
}
