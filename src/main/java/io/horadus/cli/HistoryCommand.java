package io.horadus.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code horadus history NAME}: one row per release, as helm history prints them. */
@Command(name = "history", description = "One row per release of NAME: revision, tag, commit, result, started, duration, description.")
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    HoradusCommand root;

    @Mixin
    StateOptions state;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT", description = "table, yaml or json: the status's history (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    public Integer call() {
        var console = root.console();
        var release = state.existing(console.env(), name).release();
        if (output == OutputFormat.table) {
            ReleaseViews.history(release).print(console.out());
        } else {
            new Documents().print(release.getStatus() == null ? List.of() : release.getStatus().getHistory(), output, console.out());
        }
        return ExitCode.READY.code;
    }
}
