package io.horadus.cli;

import io.horadus.api.HoradusRelease;
import io.horadus.local.StoredRelease;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code horadus get [NAME]}: the releases in the state, with the columns of {@code kubectl get hrel}. */
@Command(name = "get", description = "List releases (or one) as kubectl get hrel does.")
final class GetCommand implements Callable<Integer> {

    @ParentCommand
    HoradusCommand root;

    @Mixin
    StateOptions state;

    @Parameters(arity = "0..1", paramLabel = "NAME")
    String name;

    @Option(names = {"-A", "--all-namespaces"}, description = "Releases of every namespace.")
    boolean allNamespaces;

    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT", description = "table, yaml or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    public Integer call() {
        var console = root.console();
        var directory = state.directory(console.env());
        List<HoradusRelease> releases = new ArrayList<>();
        if (name != null) {
            releases.add(state.existing(console.env(), name).release());
        } else {
            for (var key : directory.releases()) {
                if (allNamespaces || key.namespace().equals(state.namespace)) {
                    directory.read(key).map(StoredRelease::release).ifPresent(releases::add);
                }
            }
        }
        if (output != OutputFormat.table) {
            new Documents().print(releases, name != null, output, console.out());
        } else if (releases.isEmpty()) {
            console.err().println("No releases found in " + (allNamespaces ? "any namespace" : state.namespace + " namespace") + " of " + directory.root() + ".");
        } else {
            ReleaseViews.list(releases, allNamespaces, console.clock().instant()).print(console.out());
        }
        return ExitCode.READY.code;
    }
}
