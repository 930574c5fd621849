package io.horadus.operator;

import java.time.Duration;
import java.util.List;

/**
 * The parts of the running operator whose death leaves it up but deaf, as seen at one moment: the
 * controllers' informers (how the operator hears of releases), JOSDK's reconcile threads and the watch's
 * round threads. Read by {@link RuntimeProbe}, judged by {@link OperatorHealth}.
 *
 * @param started          JOSDK's operator has started (its controllers registered, informers synced)
 * @param informers        every informer of every controller
 * @param reconcileThreads JOSDK's reconcile executor takes work (not shut down)
 * @param watchThreads     the watch's round executor takes work (not shut down)
 */
record RuntimeState(boolean started, List<Informer> informers, boolean reconcileThreads, boolean watchThreads) {

    /**
     * @param name         what the health data calls it
     * @param running      the informer has not stopped (a stopped one never starts again)
     * @param synced       its cache was filled by a list at least once
     * @param withoutWatch how long it has been seen without an open watch (zero: watching)
     */
    record Informer(String name, boolean running, boolean synced, Duration withoutWatch) {
    }
}
