package io.horadus.cli;

import picocli.CommandLine.Command;

/**
 * {@code horadus operator}, as the usage lists it. {@link Horadus#main} runs the operator before picocli
 * parses anything, so this command only documents it.
 */
@Command(name = OperatorMode.COMMAND, description = "Runs the Kubernetes operator: watches HoradusRelease objects in the cluster of the current kubeconfig (or the pod's service account).")
final class OperatorCommand implements Runnable {

    @Override
    public void run() {
        throw new IllegalStateException("horadus operator is started by Horadus.main, never by picocli");
    }
}
