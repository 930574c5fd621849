package io.horadus.cli;

import picocli.CommandLine.Command;

/** {@code horadus}: the command line's root; without a command it prints its usage. */
@Command(name = "horadus", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Releases a tag of a compose application through the release runbook's gates, with or without a cluster.",
        subcommands = {OperatorCommand.class})
public final class HoradusCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
