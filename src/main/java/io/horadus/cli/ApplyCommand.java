package io.horadus.cli;

import io.horadus.api.HoradusRelease;
import io.horadus.local.ReleaseKey;
import io.horadus.local.StateDirectory;
import io.horadus.local.StoredRelease;
import io.horadus.manifest.Manifests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code horadus apply -f release.yaml}: the manifest {@code kubectl apply} takes, checked by the API
 * server's rules, recorded in the state, then released through the runbook's steps in the foreground until
 * it comes to rest. Status is saved after every step, so an apply that is interrupted resumes with the next
 * step (the migration never runs twice).
 */
@Command(name = "apply", description = "Release what a HoradusRelease manifest asks for, on the Docker host it names (default: the local engine).")
final class ApplyCommand implements Callable<Integer> {

    @ParentCommand
    HoradusCommand root;

    @Mixin
    StateOptions state;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE", description = "The manifest (YAML or JSON; several documents are applied in order).")
    Path file;

    @Option(names = "--dry-run", description = "Check the manifest by the API server's rules and say what would be released; record and run nothing.")
    boolean dryRun;

    @Option(names = "--wait", description = "Keep going while the release awaits a reviewer's approval (else that ends the command, exit code 4).")
    boolean waitForApproval;

    @Option(names = "--timeout", defaultValue = "30m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long the release may take to come to rest (default: ${DEFAULT-VALUE}); exit code 5 after it.")
    Duration timeout;

    @Override
    public Integer call() {
        var console = root.console();
        List<HoradusRelease> releases;
        try {
            releases = Manifests.fromClasspath().read(file);
        } catch (IOException e) {
            throw new Refusal("cannot read " + file + ": " + e.getMessage());
        }
        if (dryRun) {
            for (var manifest : releases) {
                var meta = manifest.getMetadata();
                console.out().println("horadusrelease/" + meta.getName() + " (" + meta.getNamespace() + ") checked: would release "
                        + manifest.getSpec().getTag() + " (dry run)");
            }
            return ExitCode.READY.code;
        }
        var directory = state.directory(console.env());
        var result = ExitCode.READY;
        try (var engine = new LocalEngine(directory, state.approvals(console.env(), console.clock()), console.env(), console.clock())) {
            for (var manifest : releases) {
                result = result.worse(apply(manifest, directory, engine, console));
            }
        }
        return result.code;
    }

    private ExitCode apply(HoradusRelease manifest, StateDirectory directory, LocalEngine engine, Console console) {
        var meta = manifest.getMetadata();
        var key = ReleaseKey.of(meta.getNamespace() == null ? state.namespace : meta.getNamespace(), meta.getName());
        try (var lock = directory.lock(key, "apply")) {
            var stored = directory.read(key)
                    .map(existing -> existing.withSpec(manifest.getSpec()))
                    .orElseGet(() -> StoredRelease.create(key, manifest.getSpec(), console.clock().instant()));
            if (meta.getAnnotations() != null) {
                for (var annotation : meta.getAnnotations().entrySet()) {
                    stored = stored.withAnnotation(annotation.getKey(), annotation.getValue());
                }
            }
            directory.write(stored);
            console.err().println("► apply " + key + ": " + manifest.getSpec().getTag() + " (revision " + stored.revision() + ")");
            return new ForegroundRelease(engine, console, root.stop()).run(directory, lock, stored, waitForApproval, timeout);
        }
    }
}
