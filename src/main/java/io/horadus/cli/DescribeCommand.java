package io.horadus.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code horadus describe NAME}: conditions, the release in progress with its gates, the last command's output, the watch, the last incident. */
@Command(name = "describe", description = "Show one release in detail: conditions, gates, the last command's output, the watch and incidents.")
final class DescribeCommand implements Callable<Integer> {

    @ParentCommand
    HoradusCommand root;

    @Mixin
    StateOptions state;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT", description = "table (the sections), yaml or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    public Integer call() {
        var console = root.console();
        var release = state.existing(console.env(), name).release();
        if (output == OutputFormat.table) {
            ReleaseViews.describe(release, console.clock().instant(), console.out());
        } else {
            new Documents().print(List.of(release), true, output, console.out());
        }
        return ExitCode.READY.code;
    }
}
