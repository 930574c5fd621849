package io.horadus.release;

import io.horadus.api.VerifySpec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-written fakes of the engine's ports, with failure switches, and a clock the test moves. */
final class Fakes {

    private Fakes() {
    }

    /** Every host-changing call, in order, as "build v1.1.0", "migrate v1.1.0", "up v1.1.0". */
    static final class Host implements ComposeHost, HostObserver {
        final List<String> calls = new ArrayList<>();
        final Map<String, Integer> exitCodes = new HashMap<>();
        final Map<String, MigrationRun> migrationRuns = new HashMap<>();
        final List<String> runNames = new ArrayList<>();
        Runnable beforeEachCall = () -> { };

        @Override
        public CommandResult build(ReleaseWorktree release, List<String> services) {
            return call("build", release);
        }

        @Override
        public CommandResult migrate(ReleaseWorktree release, String service, String profile, String runName) {
            runNames.add(runName);
            return call("migrate", release);
        }

        @Override
        public CommandResult up(ReleaseWorktree release, List<String> services) {
            return call("up", release);
        }

        private CommandResult call(String operation, ReleaseWorktree release) {
            beforeEachCall.run();
            calls.add(operation + " " + release.tag());
            int exit = exitCodes.getOrDefault(operation + " " + release.tag(), 0);
            return new CommandResult(List.of("compose", operation), exit, List.of("step " + operation, exit == 0 ? "ok" : "boom"), Duration.ofMillis(5));
        }

        @Override
        public HostState observe(ComposeTarget target) {
            return new HostState(List.of());
        }

        @Override
        public MigrationRun migrationRun(ComposeTarget target, String runName, Instant since) {
            return migrationRuns.getOrDefault(runName, new MigrationRun.Absent());
        }
    }

    /** Tags by name: resolvable to a commit, or refused. Records the recorded commits it was given. */
    static final class Source implements ReleaseSource {
        final Map<String, SourceResult> tags = new HashMap<>();
        final List<Optional<String>> recordedCommits = new ArrayList<>();
        int resolves;

        Source tag(String tag, String commit) {
            tags.put(tag, new SourceResult.Resolved(tag, commit, "Release " + tag, Path.of("/work", tag)));
            return this;
        }

        Source refuse(String tag, SourceRefusal reason) {
            tags.put(tag, new SourceResult.Refused(reason, tag + ": " + reason));
            return this;
        }

        @Override
        public SourceResult resolve(SourceRequest request) {
            resolves++;
            recordedCommits.add(request.recordedCommit());
            return tags.getOrDefault(request.tag(), new SourceResult.Refused(SourceRefusal.TagNotFound, "tag " + request.tag() + " not found"));
        }

        @Override
        public Path worktree(SourceRequest request, String commit) {
            return Path.of("/work", request.tag());
        }
    }

    /** Passes, or fails with a message, per attempt; the last answer repeats. */
    static final class Checks implements Verifier {
        final Deque<Boolean> answers = new ArrayDeque<>(List.of(true));
        int attempts;

        void answer(Boolean... passes) {
            answers.clear();
            answers.addAll(List.of(passes));
        }

        @Override
        public VerificationReport verify(VerifySpec spec, List<String> services, HostState host) {
            attempts++;
            boolean pass = answers.size() > 1 ? answers.poll() : answers.peek();
            return new VerificationReport(List.of(new VerificationReport.Check("health", pass, pass ? "HTTP 200" : "HTTP 503")));
        }
    }

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
