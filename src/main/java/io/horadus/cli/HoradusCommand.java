package io.horadus.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code horadus}: the command line's root; without a command it prints its usage. */
@Command(name = "horadus", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Releases a tag of a compose application through the release runbook's gates, with or without a cluster.",
        subcommands = {ApplyCommand.class, GetCommand.class, DescribeCommand.class, HistoryCommand.class, ApproveCommand.class, RollbackCommand.class, AgentCommand.class, DemoCommand.class,
                OperatorCommand.class},
        footer = {"", "Exit codes: 0 Ready (or done), 1 refused or failed, 2 usage, 3 rolled back, 4 awaiting approval, 5 timed out."})
public final class HoradusCommand implements Runnable {

    private final Console console;
    private final StopSignal stop;

    @Spec
    CommandSpec spec;

    HoradusCommand(Console console, StopSignal stop) {
        this.console = console;
        this.stop = stop;
    }

    Console console() {
        return console;
    }

    StopSignal stop() {
        return stop;
    }

    @Override
    public void run() {
        spec.commandLine().usage(console.out());
    }
}
