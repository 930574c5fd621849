package io.horadus.release;

/**
 * Runs one gate of the pre-release checklist in a one-off container on the release's Docker host:
 * the image declared or built from the checkout, the checkout copied in through the Docker API (so a
 * {@code tcp://} host that cannot see the operator's disk works too), the command as argv, the wait
 * bounded by the gate's timeout, the output's tail kept, the container removed.
 *
 * <p>Gates are read-only by contract, so a gate the operator was killed in the middle of is simply
 * run again: {@link #run} first removes a container left under the same {@link GateRun#runName()}.
 * Every way a gate can end is a {@link GateResult}; an implementation throws nothing for a gate that
 * could not run (image missing, engine error): the engine fails such a gate closed.
 */
public interface GateRunner {

    GateResult run(GateRun run);
}
