package io.horadus.compose;

/**
 * A gate that cannot run for a reason a person can act on (image missing, build failed, network
 * missing): carried out of the step that found it to {@link DockerGates}, which turns it into
 * {@link io.horadus.release.port.GateResult.NotRun}. Never leaves this package.
 */
final class GateNotRun extends Exception {

    private final String output;

    GateNotRun(String why, String output) {
        super(why, null, false, false);
        this.output = output;
    }

    GateNotRun(String why) {
        this(why, "");
    }

    String why() {
        return getMessage();
    }

    String output() {
        return output;
    }
}
