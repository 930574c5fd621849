package io.horadus.verify;

/** One sample line of a scraped page; its timestamp, if any, is not needed and not kept. */
record Sample(Series series, double value) {
}
