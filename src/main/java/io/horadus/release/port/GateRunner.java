package io.horadus.release.port;

import java.util.Optional;

/**
 * Runs the gates of the pre-release checklist in one-off containers on the release's Docker host: the
 * image declared or built from the checkout, the checkout copied in through the Docker API (so a
 * {@code tcp://} host that cannot see the operator's disk works too), the command as argv.
 *
 * <p>A gate runs on its own while the engine looks at it now and then: {@link #start} returns once the
 * container runs, {@link #observe} tells whether it still does, {@link #finish} collects what it said
 * and removes it. No reconcile waits for a gate's command, so a new tag, a suspension or another
 * release is never held up by one. The container is found again by its run name after a restart.
 */
public interface GateRunner {

    /**
     * Removes a container left under the run's name (gates are read-only by contract, so running one
     * again is harmless), finds or builds the image, checks the network, creates the container, copies
     * the checkout in and starts it.
     *
     * @return empty when the command runs; why not otherwise (image missing, build failed, network
     *         missing, engine error), with nothing left on the host: the engine fails such a gate closed
     */
    Optional<GateResult.NotRun> start(GateRun run);

    /**
     * What the gate's container is doing.
     *
     * @throws HostUnavailableException when the engine does not answer: the gate is looked at again later
     */
    GateState observe(ComposeTarget target, String runName);

    /**
     * Kills the gate's container if it still runs (its timeout passed, or the release moved on), and
     * removes it.
     *
     * @return the tail of its combined stdout and stderr, at most {@value GateResult#OUTPUT_MAX}
     *         characters, unmasked; empty when there is no such container
     * @throws HostUnavailableException when the engine does not answer: the engine tries again later
     */
    String finish(ComposeTarget target, String runName);
}
