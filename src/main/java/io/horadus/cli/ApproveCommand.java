package io.horadus.cli;

import io.horadus.local.LockHeld;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code horadus approve NAME --tag T --commit C}: the runbook reviewer's approval, bound to one tag at one
 * commit exactly as a HoradusApproval is (an approval of another commit is stale and ignored). When no
 * other process holds the release, it goes on releasing in the foreground, as {@code apply} would.
 */
@Command(name = "approve", description = "Approve the release of TAG at COMMIT (the runbook's reviewer), then go on releasing it.")
final class ApproveCommand implements Callable<Integer> {

    private static final Pattern FULL_COMMIT = Pattern.compile("[0-9a-f]{40}");

    @ParentCommand
    HoradusCommand root;

    @Mixin
    StateOptions state;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--tag", required = true, paramLabel = "TAG")
    String tag;

    @Option(names = "--commit", required = true, paramLabel = "COMMIT", description = "The full commit the tag resolved to, as describe shows it.")
    String commit;

    @Option(names = "--reviewer", paramLabel = "NAME", description = "Who approves (default: $USER).")
    String reviewer;

    @Option(names = "--comment", paramLabel = "TEXT")
    String comment;

    @Option(names = "--timeout", defaultValue = "30m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long the approved release may take to come to rest (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        var console = root.console();
        if (!FULL_COMMIT.matcher(commit).matches()) {
            throw new Refusal("--commit must be the full commit (40 lowercase hex digits) the tag resolved to, as `horadus describe " + name + "` shows it; got " + commit);
        }
        var directory = state.directory(console.env());
        var key = state.existing(console.env(), name).key();
        var approvals = state.approvals(console.env(), console.clock());
        var who = reviewer != null ? reviewer : console.env().getOrDefault("USER", "unknown");
        var approval = approvals.record(key.namespace(), key.name(), tag, commit, who, comment);
        console.err().println("✔ approved " + tag + " (" + ProgressLines.shortCommit(commit) + ") of " + key + " by " + who + " (" + approval.name() + ")");
        try (var lock = directory.lock(key, "approve");
             var engine = new LocalEngine(directory, approvals, console.env(), console.clock())) {
            var stored = directory.read(key).orElseThrow();
            return new ForegroundRelease(engine, console, root.stop()).run(directory, lock, stored, false, timeout).code;
        } catch (LockHeld held) {
            console.err().println("◎ " + held.getMessage() + ": it finds the approval at its next look");
            return ExitCode.READY.code;
        }
    }
}
