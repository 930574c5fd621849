package io.horadus.release;

import io.horadus.api.Phase;
import io.horadus.api.VerifySpec;
import io.horadus.release.approval.Approvals;
import io.horadus.release.driver.EngineAssembly;
import io.horadus.release.driver.EnginePorts;
import io.horadus.release.port.ApprovalSource;
import io.horadus.release.port.CommandResult;
import io.horadus.release.port.ComposeHost;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.GateResult;
import io.horadus.release.port.GateRun;
import io.horadus.release.port.GateRunner;
import io.horadus.release.port.GateState;
import io.horadus.release.port.HostImages;
import io.horadus.release.port.HostObserver;
import io.horadus.release.port.HostState;
import io.horadus.release.port.HostUnavailableException;
import io.horadus.release.port.MigrationRun;
import io.horadus.release.port.ProbeAccess;
import io.horadus.release.port.ReleaseSource;
import io.horadus.release.port.ReleaseWorktree;
import io.horadus.release.port.ServiceContainer;
import io.horadus.release.port.SourceRefusal;
import io.horadus.release.port.SourceRefusedException;
import io.horadus.release.port.SourceUnavailableException;
import io.horadus.release.port.SourceRequest;
import io.horadus.release.port.SourceResult;
import io.horadus.release.port.VerificationReport;
import io.horadus.release.port.Verifier;
import io.horadus.release.rollback.ImageSnapshots;
import io.horadus.release.rollback.Rollbacks;
import io.horadus.release.watch.ReleaseWatch;
import io.horadus.release.watch.WatchRounds;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    /** The engine wired as the operator wires it (EngineAssembly), on these fakes, its watch's rounds on {@code rounds}. */
    static ReleaseEngine engine(Host host, Source source, Verifier verifier, java.time.Clock clock, Rounds rounds) {
        return engine(host, source, verifier, clock, rounds.rounds);
    }

    static ReleaseEngine engine(Host host, Source source, Verifier verifier, java.time.Clock clock, WatchRounds rounds) {
        return engine(host, source, verifier, clock, rounds, new Reviewers(() -> new Approvals.Found(List.of())));
    }

    static ReleaseEngine engine(Host host, Source source, Verifier verifier, java.time.Clock clock, Rounds rounds, ApprovalSource approvals) {
        return engine(host, source, verifier, clock, rounds.rounds, approvals);
    }

    static ReleaseEngine engine(Host host, Source source, Verifier verifier, java.time.Clock clock, WatchRounds rounds, ApprovalSource approvals) {
        var ports = new EnginePorts(source, host, host, verifier, host, host, approvals);
        return new EngineAssembly(ports, Duration.ofSeconds(5), clock).engine(rounds);
    }

    /** The reviewers' approvals as the operator lists them, counted, and the reviewer's command worded as the operator words it. */
    static final class Reviewers implements ApprovalSource {
        private final java.util.function.Supplier<Approvals> approvals;
        int reads;

        Reviewers(java.util.function.Supplier<Approvals> approvals) {
            this.approvals = approvals;
        }

        @Override
        public Approvals approvals(String namespace, String release) {
            reads++;
            return approvals.get();
        }

        @Override
        public String approveCommand(String namespace, String release, String tag, String commit) {
            return io.horadus.operator.ApprovalCommand.of(namespace, release, tag, commit);
        }
    }

    /**
     * The watch's rounds as the operator runs them (WatchRounds), on a scheduler the test runs by hand on
     * its clock, and the reconciles they asked for.
     */
    static final class Rounds {
        final io.horadus.testing.ManualScheduler scheduler;
        final WatchRounds rounds;
        final java.util.Set<String> asked = new java.util.LinkedHashSet<>();

        Rounds(Host host, Verifier verifier, java.time.Clock clock) {
            scheduler = new io.horadus.testing.ManualScheduler(clock);
            rounds = new WatchRounds(new ReleaseWatch(host, verifier), scheduler, clock);
            rounds.onChange(asked::add);
        }

        /**
         * Every round asks for a reconcile, and what the watch's own test said of it is kept for the test
         * to check against what that reconcile did (a round said to change nothing must change nothing).
         */
        boolean everyRound;
        private Boolean said;

        /** What the adapter does once an outcome's status is written. */
        Outcome recorded(String key, Outcome outcome) {
            var plan = outcome.watch();
            if (everyRound && plan.isPresent()) {
                var p = plan.get();
                plan = Optional.of(new WatchRounds.Plan(p.request(), p.subject(), p.interval(), p.firstRound(), p.applied(), round -> {
                    said = p.changes().test(round);
                    return true;
                }));
            }
            rounds.follow(key, plan);
            return outcome;
        }

        /** In {@link #everyRound} mode: whether the watch said the last round changes something (null: no round since). */
        Boolean takeSaid() {
            var taken = said;
            said = null;
            return taken;
        }

        /** Runs the rounds due now; whether one of them asked for a reconcile of {@code key}. */
        boolean runDue(String key) {
            scheduler.runDue();
            return asked.remove(key);
        }
    }

    /** Reconciles, moving the clock as each outcome asks, until nothing is left to do but watch (or wait for a change). */
    static void settle(java.util.function.Supplier<Outcome> reconcileOnce, io.horadus.testing.MovableClock clock) {
        for (int i = 0; i < 400; i++) {
            var outcome = reconcileOnce.get();
            if (settled(outcome)) {
                return;
            }
            clock.advance(outcome.requeueAfter().get());
        }
        throw new AssertionError("release did not settle");
    }

    /**
     * Whether a reconcile left nothing to do but watch the released version (or wait for a change):
     * where a scenario's "settle" loop stops, as the watch requeues for ever.
     */
    static boolean settled(Outcome outcome) {
        if (outcome.requeueAfter().isEmpty()) {
            return true;
        }
        var watching = java.util.EnumSet.of(Phase.Ready, Phase.RolledBack, Phase.Failed, Phase.Suspended).contains(outcome.status().getPhase());
        return watching && outcome.requeueAfter().get().compareTo(Duration.ofSeconds(1)) >= 0;
    }

    /** Every host-changing call, in order, as "build v1.1.0", "migrate v1.1.0", "up v1.1.0". */
    static final class Host implements ComposeHost, HostObserver, HostImages, GateRunner {
        final List<String> calls = new ArrayList<>();
        /** How each gate ends, by gate name; a gate not given exits 0 with "ok". */
        final Map<String, GateResult> gateResults = new HashMap<>();
        /** Every gate run, in order, as the runner was given it. */
        final List<GateRun> gateRuns = new ArrayList<>();
        /** Image operations, in order: "tag sha-api-v1.0.0 horadus-api:horadus-v1.0.0", "untag ...". */
        final List<String> imageCalls = new ArrayList<>();
        /** Image IDs a person pruned from the host. */
        final java.util.Set<String> prunedImages = new java.util.HashSet<>();
        /** The tag whose containers run (set by up and restore), and the services started. */
        String running;
        List<String> runningServices = List.of();
        boolean engineDown;
        /** States of containers that do not run, by service ("exited" after the engine's shutdown stopped them); up and restore start them. */
        final Map<String, String> stopped = new HashMap<>();
        /** A tag whose app exits on its own right after each start: its containers are exited by the next look. */
        String exitsOnItsOwn;
        final Map<String, Integer> exitCodes = new HashMap<>();
        /** The migration run containers on the host, by run name (compose run leaves one, exited). */
        final Map<String, MigrationRun> migrationRuns = new HashMap<>();
        final List<String> runNames = new ArrayList<>();
        /** Run containers removed, in order. */
        final List<String> removedRuns = new ArrayList<>();
        /** What the run container is after compose run, instead of exited with the command's code. */
        MigrationRun runLeaves;
        /** A whole result for one call ("build v1.1.0"), e.g. a real process's output; wins over exitCodes. */
        final Map<String, CommandResult> results = new HashMap<>();
        Runnable beforeEachCall = () -> { };

        /** The clock the gates' containers run on: a scripted gate runs for its result's {@code took}. */
        Clock clock = Clock.systemUTC();
        /** Gate containers on the host, by run name: how each will end, and when it started. */
        final Map<String, GateResult> gateContainers = new HashMap<>();
        final Map<String, Instant> gateStarts = new HashMap<>();
        /** Gate containers killed while they still ran, in order. */
        final List<String> killedGates = new ArrayList<>();

        /**
         * Recorded in {@link #calls} as "gate check v1.1.0", before the hook runs: a hook that throws plays
         * an operator killed right after the gate's container started. A scripted {@link GateResult.NotRun}
         * is the start's answer; an {@link GateResult.Exited} runs for its {@code took}, then exits.
         */
        @Override
        public Optional<GateResult.NotRun> start(GateRun run) {
            gateRuns.add(run);
            var gate = run.env().get("HORADUS_GATE");
            calls.add("gate " + gate + " " + run.env().get("HORADUS_TAG"));
            if (engineDown) {
                return Optional.of(new GateResult.NotRun("cannot reach the Docker engine", "", Duration.ofMillis(5)));
            }
            var result = gateResults.getOrDefault(gate, new GateResult.Exited(0, "ok\n", Duration.ofMillis(250)));
            if (result instanceof GateResult.NotRun notRun) {
                return Optional.of(notRun);
            }
            gateContainers.put(run.runName(), result);
            gateStarts.put(run.runName(), clock.instant());
            beforeEachCall.run();
            return Optional.empty();
        }

        @Override
        public GateState observe(ComposeTarget target, String runName) {
            if (engineDown) {
                throw new HostUnavailableException("Docker engine did not answer", null);
            }
            var result = gateContainers.get(runName);
            if (result == null) {
                return new GateState.Missing();
            }
            var ends = gateStarts.get(runName).plus(result.took());
            return clock.instant().isBefore(ends) ? new GateState.Running()
                    : new GateState.Exited(((GateResult.Exited) result).exitCode());
        }

        @Override
        public String finish(ComposeTarget target, String runName) {
            var result = gateContainers.remove(runName);
            if (result == null) {
                return "";
            }
            if (clock.instant().isBefore(gateStarts.get(runName).plus(result.took()))) {
                killedGates.add(runName);
            }
            return result.output();
        }

        @Override
        public CommandResult build(ReleaseWorktree release, List<String> services) {
            return call("build", release);
        }

        @Override
        public CommandResult migrate(ReleaseWorktree release, String service, String profile, String runName, List<String> command) {
            runNames.add(runName);
            // A down-migration is recorded as "migrate-down v1.1.0": the failed release's checkout runs it.
            var called = call(command.isEmpty() ? "migrate" : "migrate-down", release);
            // The run is named in the argv, as ComposeCommands#migrate names it.
            var argv = new ArrayList<>(called.argv());
            argv.addAll(List.of("--name", runName));
            var result = new CommandResult(argv, called.exitCode(), called.outputTail(), called.duration());
            migrationRuns.put(runName, runLeaves != null ? runLeaves : new MigrationRun.Exited(result.exitCode()));
            return result;
        }

        @Override
        public CommandResult up(ReleaseWorktree release, List<String> services) {
            return started(call("up", release), release, services);
        }

        @Override
        public CommandResult restore(ReleaseWorktree release, List<String> services) {
            return started(call("restore", release), release, services);
        }

        private CommandResult started(CommandResult result, ReleaseWorktree release, List<String> services) {
            if (result.succeeded()) {
                running = release.tag();
                runningServices = List.copyOf(services);
                stopped.clear();
                if (release.tag().equals(exitsOnItsOwn)) {
                    services.forEach(service -> stopped.put(service, "exited"));
                }
            }
            return result;
        }

        @Override
        public boolean exists(ComposeTarget target, String imageId) {
            return !prunedImages.contains(imageId);
        }

        @Override
        public void tag(ComposeTarget target, String imageId, String reference) {
            imageCalls.add("tag " + imageId + " " + reference);
        }

        @Override
        public void untag(ComposeTarget target, String reference) {
            imageCalls.add("untag " + reference);
        }

        /** A compose command on an engine that does not answer is the host's failure (ComposeCli pings after a failed command). */
        private CommandResult call(String operation, ReleaseWorktree release) {
            beforeEachCall.run();
            if (engineDown) {
                throw new HostUnavailableException("Docker engine at unix:///var/run/docker.sock did not answer: ConnectException", null);
            }
            calls.add(operation + " " + release.tag());
            var given = results.get(operation + " " + release.tag());
            if (given != null) {
                return given;
            }
            int exit = exitCodes.getOrDefault(operation + " " + release.tag(), 0);
            return new CommandResult(List.of("compose", operation), exit, List.of("step " + operation, exit == 0 ? "ok" : "boom"), Duration.ofMillis(5));
        }

        /** One running container per started service, on image horadus-<service>:latest with an ID naming the tag. */
        @Override
        public HostState observe(ComposeTarget target) {
            if (engineDown) {
                throw new HostUnavailableException("Docker engine at unix:///var/run/docker.sock did not answer: ConnectException", null);
            }
            if (running == null) {
                return new HostState(List.of());
            }
            return new HostState(runningServices.stream().map(service -> new ServiceContainer(service, "c-" + service,
                    "horadus_" + service + "_1", "horadus-" + service + ":latest", "sha-" + service + "-" + running, stopped.getOrDefault(service, "running"),
                    ServiceContainer.Health.NONE, false)).toList());
        }

        @Override
        public MigrationRun migrationRun(ComposeTarget target, String runName, Instant since) {
            return migrationRuns.getOrDefault(runName, new MigrationRun.Absent());
        }

        @Override
        public void removeMigrationRun(ComposeTarget target, String runName) {
            if (engineDown) {
                throw new HostUnavailableException("Docker engine at unix:///var/run/docker.sock did not answer: ConnectException", null);
            }
            if (migrationRuns.get(runName) instanceof MigrationRun.Running) {
                throw new HostUnavailableException("cannot remove a running container", null);
            }
            if (migrationRuns.remove(runName) != null) {
                removedRuns.add(runName);
            }
        }

        @Override
        public void removeExitedMigrationRuns(ComposeTarget target, String current) {
            var exited = migrationRuns.entrySet().stream()
                    .filter(e -> !e.getKey().equals(current) && e.getValue() instanceof MigrationRun.Exited)
                    .map(Map.Entry::getKey).sorted().toList();
            exited.forEach(run -> {
                migrationRuns.remove(run);
                removedRuns.add(run);
            });
        }
    }

    /** Tags by name: resolvable to a commit, or refused. Records the recorded commits it was given. */
    static final class Source implements ReleaseSource {
        final Map<String, SourceResult> tags = new HashMap<>();
        final List<Optional<String>> recordedCommits = new ArrayList<>();
        int resolves;

        Source tag(String tag, String commit) {
            tags.put(tag, new SourceResult.Resolved(tag, commit, "Release " + tag + "\n\nNotes for " + tag + ".", Path.of("/work", tag)));
            return this;
        }

        /** A tag with this annotated message, checked out in {@code worktree} (where a changelog may be read). */
        Source tag(String tag, String commit, String message, Path worktree) {
            tags.put(tag, new SourceResult.Resolved(tag, commit, message, worktree));
            return this;
        }

        Source refuse(String tag, SourceRefusal reason) {
            tags.put(tag, new SourceResult.Refused(reason, tag + ": " + reason));
            return this;
        }

        /** Set: the remote does not answer (or has no such repository), with this message. */
        String unavailable;

        @Override
        public SourceResult resolve(SourceRequest request) {
            if (unavailable != null) {
                throw new SourceUnavailableException(unavailable, null);
            }
            resolves++;
            recordedCommits.add(request.recordedCommit());
            return tags.getOrDefault(request.tag(), new SourceResult.Refused(SourceRefusal.TagNotFound, "tag " + request.tag() + " not found"));
        }

        /** Files changed between two commits, by "from..to"; a pair not given is a commit the source does not know. */
        final Map<String, List<String>> changes = new HashMap<>();

        Source changed(String from, String to, String... paths) {
            changes.put(from + ".." + to, List.of(paths));
            return this;
        }

        @Override
        public Optional<List<String>> changedPaths(SourceRequest request, String fromCommit, String toCommit) {
            return Optional.ofNullable(changes.get(fromCommit + ".." + toCommit));
        }

        /** Commits the remote lost: their checkout cannot be made again. */
        final java.util.Set<String> goneCommits = new java.util.HashSet<>();

        @Override
        public Path worktree(SourceRequest request, String commit) {
            if (goneCommits.contains(commit)) {
                throw new SourceRefusedException(new SourceResult.Refused(SourceRefusal.CommitGone, "commit " + commit + " is gone"));
            }
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
        public VerificationReport verify(String release, VerifySpec spec, List<String> services, HostState host, ProbeAccess access) {
            attempts++;
            boolean pass = answers.size() > 1 ? answers.poll() : answers.peek();
            return new VerificationReport(List.of(new VerificationReport.Check("health", pass, pass ? "HTTP 200" : "HTTP 503")));
        }
    }
}
