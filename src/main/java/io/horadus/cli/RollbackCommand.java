package io.horadus.cli;

import io.horadus.api.ConditionStatus;
import io.horadus.api.ConditionType;
import io.horadus.local.LockHeld;
import io.horadus.manifest.Annotations;
import io.horadus.manifest.RollbackAnnotation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code horadus rollback NAME [--to TAG]}: a person's rollback to the last good release (or another kept
 * one) from its image snapshots, without a rebuild or a migration: the request the operator takes from
 * the horadus.io/rollback annotation, recorded on the stored release and served in the foreground.
 */
@Command(name = "rollback", description = "Put the last good release (or --to TAG, a kept one) back from its images, without a rebuild.")
final class RollbackCommand implements Callable<Integer> {

    @ParentCommand
    HoradusCommand root;

    @Mixin
    StateOptions state;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--to", paramLabel = "TAG", description = "A kept release to put back (default: the last good one).")
    String to;

    @Option(names = "--timeout", defaultValue = "30m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long the rollback may take to come to rest (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        var console = root.console();
        var directory = state.directory(console.env());
        var key = state.existing(console.env(), name).key();
        var value = RollbackAnnotation.value(to == null ? RollbackAnnotation.LAST_GOOD : to, Long.toString(console.clock().millis()));
        try (var lock = directory.lock(key, "rollback");
             var engine = new LocalEngine(directory, state.approvals(console.env(), console.clock()), console.env(), console.clock())) {
            var stored = directory.read(key).orElseThrow().withAnnotation(Annotations.ROLLBACK, value);
            directory.write(stored);
            console.err().println("↺ rollback of " + key + " to " + (to == null ? "the last good release" : to) + " asked (" + Annotations.ROLLBACK + "=" + value + ")");
            var result = new ForegroundRelease(engine, console, root.stop()).run(directory, lock, stored, false, timeout);
            var status = directory.read(key).orElseThrow().status();
            var refused = ReleaseViews.condition(status, ConditionType.RollbackRequest).filter(c -> ConditionStatus.False.name().equals(c.getStatus()));
            if (refused.isPresent()) {
                console.err().println("✗ " + refused.get().getMessage());
                return ExitCode.FAILED.code;
            }
            // Rolled back is what was asked: done.
            return (result == ExitCode.ROLLED_BACK ? ExitCode.READY : result).code;
        } catch (LockHeld held) {
            throw new Refusal(held.getMessage() + ": a rollback of a release an agent runs is asked in its manifest, with the annotation "
                    + Annotations.ROLLBACK + ": " + value);
        }
    }
}
