package io.horadus.verify;

import java.util.Map;

/** One time series of a scraped page: a metric name and its labels (order does not matter). */
record Series(String name, Map<String, String> labels) {

    Series {
        labels = Map.copyOf(labels);
    }

    /** The value PromQL sees for {@code label}: the name for __name__, "" when the series lacks it. */
    String label(String label) {
        return "__name__".equals(label) ? name : labels.getOrDefault(label, "");
    }
}
