package io.horadus.it;

import io.horadus.api.HoradusRelease;
import io.horadus.api.Phase;
import io.horadus.demo.SampleApp;
import io.horadus.testing.GitFixture;
import io.horadus.testing.MigrationLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos run of issue 16: the packaged operator, on Kubernetes v1.36's real CRD server, drives
 * {@code chaos.releases} {@code HoradusRelease} objects (each its own compose project of the sample app)
 * through a seeded sequence of {@code chaos.actions} actions — a new good tag, a tag whose verification
 * fails so it is rolled back on its own, a person's rollback ({@code horadus.io/rollback=last-good@…}) —
 * while a killer thread SIGKILLs the operator at random moments and starts it again after a short pause.
 *
 * <p>At the end every release is at rest on the tag the sequence implies (Ready on its last good tag, or
 * RolledBack on the tag it was put back to), the host serves that tag from the three services and nothing
 * else of the project (no migration, gate or exited container), each tag's migration ran exactly once,
 * and status (history, kept releases, lastGoodTag) is what the sequence implies, entry for entry.
 *
 * <p>The default suite runs a short variant (6 actions across 3 releases, at most 6 kills, the plan of a
 * fixed seed); {@code -Pchaos} runs the full 20 actions across 5, with kills until the sequence ends, from
 * a seed drawn at random (a value that is not a number). {@code -Dchaos.seed=N} replays a
 * sequence (the kill moments depend on the machine's pace as well, so a replay is the same plan and the
 * same pauses, not the same instants); {@code -Dchaos.actions}, {@code -Dchaos.releases} and
 * {@code -Dchaos.max-kills} size it. It prints {@code CHAOS} lines: the seed, the plan, each kill with the
 * phase and step every release was in (read from status just before the kill), and the duration.
 *
 * <p>A kill takes the operator's child processes with it (compose, git), as the kubelet kills a pod's
 * container whole; containers the Docker engine runs for it (a migration run) go on.
 */
class ChaosIT extends CrdServerHarness {

    private static final long SEED = Long.getLong("chaos.seed", new Random().nextLong());
    private static final int ACTIONS = Integer.getInteger("chaos.actions", 8);
    private static final int RELEASES = Integer.getInteger("chaos.releases", 3);
    /** At most this many kills (0: no limit); each costs the operator's start and the step it cut short. */
    private static final int MAX_KILLS = Integer.getInteger("chaos.max-kills", 0);
    /** Generous: builds of several projects share a busy 2-core machine with the operator's restarts. */
    private static final Duration SETTLE = Duration.ofMinutes(6);
    /**
     * A good tag's checks pass within seconds. The verification's timeout runs from the step's start, across
     * the kills and restarts in between (as it does for any operator restart), so the margin is wide: it
     * costs nothing while the checks pass.
     */
    private static final int GOOD_TIMEOUT_SECONDS = 240;
    /** A bad tag is given up after this long; the kept release put back is verified within it as well. */
    private static final int BAD_TIMEOUT_SECONDS = 12;

    enum Kind { GOOD, BAD, ROLLBACK }

    record Action(int index, int release, Kind kind) {
    }

    /** What the sequence implies for one release, updated as each action is applied. */
    static final class Expected {
        final String name;
        final App app;
        final List<SampleApp.Variant> versions = new ArrayList<>();
        int nextVersion = 1;
        String current = "v1.0.0";
        /** Kept releases, newest first (status.goodReleases). */
        final List<String> good = new ArrayList<>(List.of("v1.0.0"));
        final List<String> migrated = new ArrayList<>(List.of("v1.0.0"));
        /** "tag outcome reason", newest first (status.history). */
        final List<String> history = new ArrayList<>(List.of("v1.0.0 Succeeded Released"));
        Phase phase = Phase.Ready;
        String specTag = "v1.0.0";
        String rollbackToken;
        /** True once the release has been seen at rest on what the model says; the next action waits for it. */
        Predicate<HoradusRelease> atRest;
        String waitingFor = "v1.0.0 Ready";

        Expected(String name, App app) {
            this.name = name;
            this.app = app;
        }
    }

    record Kill(int number, long atMillis, String phases) {
    }

    @Test
    @DisplayName("the operator SIGKILLed at random moments during releases, automatic and requested rollbacks: every release ends where the sequence says, each migration once, nothing left over")
    void killedAtRandomMoments() throws Exception {
        long started = System.nanoTime();
        System.out.printf("CHAOS seed %d (replay with -Dchaos.seed=%d), %d actions across %d releases, kills %s%n", SEED, SEED, ACTIONS, RELEASES,
                MAX_KILLS == 0 ? "without limit" : "at most " + MAX_KILLS);
        var plan = plan(new Random(SEED));
        System.out.println("CHAOS plan: " + plan.stream().map(a -> "c" + a.release() + ":" + a.kind()).collect(Collectors.joining(" ")));

        var models = new ArrayList<Expected>();
        for (int r = 0; r < RELEASES; r++) {
            var model = new Expected("chaos-" + r, app());
            model.versions.add(model.app.ok("v1.0.0"));
            int minor = 1;
            for (var action : plan) {
                if (action.release() == r && action.kind() != Kind.ROLLBACK) {
                    var variant = model.app.ok("v1." + minor++ + ".0");
                    model.versions.add(action.kind() == Kind.BAD ? variant.withUnhealthyApi() : variant);
                }
            }
            models.add(model);
        }
        var repositories = new ArrayList<GitFixture>();
        for (var model : models) {
            repositories.add(repository(model.versions));
        }

        var kills = new CopyOnWriteArrayList<Kill>();
        var killerFailure = new AtomicReference<Throwable>();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        var killer = new Thread(() -> killLoop(new Random(SEED + 1), models, kills, stop, killerFailure, started), "chaos-killer");
        try {
            for (int r = 0; r < RELEASES; r++) {
                var model = models.get(r);
                releases.create(model.name, "v1.0.0", repositories.get(r).url(), model.app.project(), model.versions.get(0),
                        spec -> spec.getVerify().setTimeoutSeconds(GOOD_TIMEOUT_SECONDS));
                model.atRest = release -> readyOn(release, "v1.0.0");
            }
            killer.start();
            for (var action : plan) {
                var model = models.get(action.release());
                awaitAtRest(model, models, kills, killerFailure);
                apply(action, model);
            }
            for (var model : models) {
                awaitAtRest(model, models, kills, killerFailure);
            }
        } finally {
            stop.set(true);
            killer.interrupt();
            killer.join(Duration.ofMinutes(2).toMillis());
        }
        if (killerFailure.get() != null) {
            throw new AssertionError("the killer failed", killerFailure.get());
        }
        if (!operator.isAlive()) {
            operator.start();
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.printf("CHAOS %d kills in %d s (seed %d, %d actions across %d releases)%n", kills.size(), seconds, SEED, ACTIONS, RELEASES);
        for (var kill : kills) {
            System.out.printf("CHAOS kill %d at %.1f s: %s%n", kill.number(), kill.atMillis() / 1000.0, kill.phases());
        }

        // At rest means at rest: a few watch rounds later nothing has run again.
        Thread.sleep(5_000);
        for (var model : models) {
            verify(model);
        }
        System.out.printf("CHAOS passed: seed %d, %d kills, %d s%n", SEED, kills.size(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /** The sequence: a balanced, shuffled assignment of actions to releases; at least one of each kind. */
    private static List<Action> plan(Random random) {
        for (int attempt = 0; ; attempt++) {
            var targets = new ArrayList<Integer>();
            for (int i = 0; i < ACTIONS; i++) {
                targets.add(i % RELEASES);
            }
            Collections.shuffle(targets, random);
            var kept = new ArrayList<Integer>(Collections.nCopies(RELEASES, 1));
            var plan = new ArrayList<Action>();
            for (int i = 0; i < ACTIONS; i++) {
                int release = targets.get(i);
                int roll = random.nextInt(10);
                var kind = roll < 4 ? Kind.GOOD : roll < 7 ? Kind.BAD : Kind.ROLLBACK;
                if (kind == Kind.ROLLBACK && kept.get(release) < 2) {
                    kind = Kind.GOOD;
                }
                switch (kind) {
                    case GOOD -> kept.set(release, Math.min(3, kept.get(release) + 1));
                    case ROLLBACK -> kept.set(release, kept.get(release) - 1);
                    case BAD -> { }
                }
                plan.add(new Action(i, release, kind));
            }
            boolean all = plan.stream().map(Action::kind).distinct().count() == Kind.values().length;
            if (all || attempt > 100) {
                return plan;
            }
        }
    }

    /** A git repository with every version tagged in order; a bad version serves no health page. */
    private GitFixture repository(List<SampleApp.Variant> versions) throws Exception {
        var git = GitFixture.create(Files.createDirectories(scratch.resolve("git-" + versions.get(0).apiPort())));
        for (var version : versions) {
            if (version.unhealthy()) {
                git.deleteFiles(List.of(SampleApp.HEALTH_PAGE), version.version() + " serves no health page");
            }
            tag(git, version);
        }
        return git;
    }

    /** Applies an action as a person or a GitOps tool would, and moves the model to what it implies. */
    private void apply(Action action, Expected model) {
        switch (action.kind()) {
            case GOOD -> {
                var tag = model.versions.get(model.nextVersion++).version();
                releases.edit(model.name, spec -> {
                    spec.setTag(tag);
                    spec.getVerify().setTimeoutSeconds(GOOD_TIMEOUT_SECONDS);
                });
                model.specTag = tag;
                model.migrated.add(tag);
                model.history.add(0, tag + " Succeeded Released");
                model.good.add(0, tag);
                while (model.good.size() > 3) {
                    model.good.remove(model.good.size() - 1);
                }
                model.current = tag;
                model.phase = Phase.Ready;
                model.atRest = release -> readyOn(release, tag);
                model.waitingFor = tag + " Ready";
            }
            case BAD -> {
                var tag = model.versions.get(model.nextVersion++).version();
                releases.edit(model.name, spec -> {
                    spec.setTag(tag);
                    spec.getVerify().setTimeoutSeconds(BAD_TIMEOUT_SECONDS);
                });
                model.specTag = tag;
                model.migrated.add(tag);
                model.history.add(0, tag + " RolledBack RolledBack");
                model.current = model.good.get(0);
                model.phase = Phase.RolledBack;
                var back = model.current;
                model.atRest = release -> atRest(release) && release.getStatus().getPhase() == Phase.RolledBack
                        && tag.equals(release.getStatus().getDesiredTag()) && back.equals(release.getStatus().getCurrentTag())
                        && release.getStatus().getRollback() != null && tag.equals(release.getStatus().getRollback().getFromTag());
                model.waitingFor = tag + " rolled back to " + back;
            }
            case ROLLBACK -> {
                var token = "last-good@chaos-" + action.index();
                var from = model.current;
                var to = model.good.stream().filter(t -> !t.equals(from)).findFirst().orElseThrow();
                releases.rollback(model.name, token);
                model.rollbackToken = token;
                model.good.remove(from);
                model.history.add(0, from + " RolledBack RolledBackByRequest");
                model.current = to;
                model.phase = Phase.RolledBack;
                model.atRest = release -> {
                    if (release.getStatus() != null && token.equals(release.getStatus().getRollbackToken())
                            && condition(release, "RollbackRequest").map(c -> "RollbackRefused".equals(c.getReason())).orElse(false)) {
                        throw new AssertionError(model.name + ": the person's rollback " + token + " was refused: "
                                + condition(release, "RollbackRequest").orElseThrow().getMessage());
                    }
                    return atRest(release) && release.getStatus().getPhase() == Phase.RolledBack
                            && token.equals(release.getStatus().getRollbackToken()) && to.equals(release.getStatus().getCurrentTag());
                };
                model.waitingFor = "rollback " + token + " from " + from + " to " + to;
            }
        }
        System.out.printf("CHAOS action %d: %s %s (%s)%n", action.index(), model.name, action.kind(), model.waitingFor);
    }

    private void awaitAtRest(Expected model, List<Expected> models, List<Kill> kills, AtomicReference<Throwable> killerFailure)
            throws Exception {
        // Stuck means no step moved for SETTLE: under kills every 20 s on a loaded machine a release may
        // take longer than that to come to rest while it keeps moving (a build cut short is run again).
        var deadline = System.nanoTime() + SETTLE.toNanos();
        var step = steps(List.of(model));
        while (true) {
            if (killerFailure.get() != null) {
                throw new AssertionError("the killer failed", killerFailure.get());
            }
            var release = releases.get(model.name);
            if (release != null && model.atRest.test(release)) {
                return;
            }
            var now = steps(List.of(model));
            if (!now.equals(step)) {
                step = now;
                deadline = System.nanoTime() + SETTLE.toNanos();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(model.name + " not at rest (" + model.waitingFor + ") and its step " + step + " unchanged for " + SETTLE + " (seed " + SEED + ", "
                        + kills.size() + " kills: " + kills + ")\n" + describe(models) + "\noperator log:\n" + logTail());
            }
            Thread.sleep(250);
        }
    }

    private String logTail() {
        try {
            return operator.logTail();
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * Kills the operator at random moments: a random while (2 to 10 s) after it started, once a step of some
     * release has moved since that start (so every restart makes progress, however slow the machine) and
     * something is in flight, plus a random 0 to 3 s; then starts it again after a random 0.3 to 2.3 s.
     */
    private void killLoop(Random random, List<Expected> models, List<Kill> kills, java.util.concurrent.atomic.AtomicBoolean stop,
                          AtomicReference<Throwable> failure, long started) {
        try {
            while (!stop.get() && (MAX_KILLS == 0 || kills.size() < MAX_KILLS)) {
                var steps = steps(models);
                Thread.sleep(2_000 + random.nextInt(8_000));
                while (!stop.get() && (steps.equals(steps(models)) || !anyInFlight(models))) {
                    Thread.sleep(200);
                }
                Thread.sleep(random.nextInt(3_000));
                if (stop.get()) {
                    return;
                }
                var phases = phases(models);
                operator.killWithChildren();
                kills.add(new Kill(kills.size() + 1, Duration.ofNanos(System.nanoTime() - started).toMillis(), phases));
                System.out.printf("CHAOS kill %d: %s%n", kills.size(), phases);
                Thread.sleep(300 + random.nextInt(2_000));
                operator.start();
            }
        } catch (InterruptedException e) {
            // stopped
        } catch (Throwable e) {
            failure.set(e);
        } finally {
            try {
                if (!operator.isAlive()) {
                    operator.start();
                }
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    /** Where each release is: its phase, step and step state, current tag and rollback state. */
    private List<String> steps(List<Expected> models) {
        var steps = new ArrayList<String>();
        for (var model : models) {
            var release = releases.get(model.name);
            var status = release == null ? null : release.getStatus();
            steps.add(status == null ? "-" : status.getPhase() + " " + status.getCurrentTag()
                    + (status.getRelease() == null ? "" : " " + status.getRelease().getTag() + "/" + status.getRelease().getStep() + "/" + status.getRelease().getStepState())
                    + (status.getRollback() == null ? "" : " " + status.getRollback().getState()));
        }
        return steps;
    }

    private boolean anyInFlight(List<Expected> models) {
        for (var model : models) {
            var release = releases.get(model.name);
            if (release == null || release.getStatus() == null || !atRest(release)
                    || !Objects.equals(release.getStatus().getDesiredTag(), release.getSpec().getTag())) {
                return true;
            }
        }
        return false;
    }

    /** "name phase[/step]" of every release, as status says just before the kill. */
    private String phases(List<Expected> models) {
        var parts = new ArrayList<String>();
        for (var model : models) {
            var release = releases.get(model.name);
            var status = release == null ? null : release.getStatus();
            if (status == null) {
                parts.add(model.name + " (no status)");
                continue;
            }
            var step = status.getRelease() == null || status.getRelease().getStep() == null ? ""
                    : " " + status.getRelease().getTag() + "/" + status.getRelease().getStep() + "/" + status.getRelease().getStepState();
            var rollback = status.getRollback() != null && status.getPhase() == Phase.RollingBack ? " rollback:" + status.getRollback().getState() : "";
            parts.add(model.name + " " + status.getPhase() + step + rollback);
        }
        return String.join(", ", parts);
    }

    private String describe(List<Expected> models) {
        var lines = new StringBuilder();
        for (var model : models) {
            var release = releases.get(model.name);
            var status = release == null ? null : release.getStatus();
            lines.append(model.name).append(": expected ").append(model.waitingFor).append("; ");
            if (status == null) {
                lines.append("no status\n");
                continue;
            }
            lines.append("phase ").append(status.getPhase()).append(", spec ").append(release.getSpec().getTag())
                    .append(", desired ").append(status.getDesiredTag()).append(", current ").append(status.getCurrentTag())
                    .append(", generation ").append(release.getMetadata().getGeneration()).append("/").append(status.getObservedGeneration())
                    .append(", conditions ").append(status.getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + "(" + c.getReason() + ": " + c.getMessage() + ")").toList())
                    .append(", history ").append(history(release)).append('\n');
        }
        return lines.toString();
    }

    private static boolean atRest(HoradusRelease release) {
        var status = release.getStatus();
        return status != null && status.getObservedGeneration() != null
                && status.getObservedGeneration().equals(release.getMetadata().getGeneration())
                && (status.getPhase() == Phase.Ready || status.getPhase() == Phase.RolledBack || status.getPhase() == Phase.Failed);
    }

    private static boolean readyOn(HoradusRelease release, String tag) {
        return atRest(release) && release.getStatus().getPhase() == Phase.Ready && tag.equals(release.getStatus().getCurrentTag())
                && condition(release, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    private static java.util.Optional<io.horadus.api.Condition> condition(HoradusRelease release, String type) {
        return release.getStatus() == null ? java.util.Optional.empty()
                : release.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static List<String> history(HoradusRelease release) {
        return release.getStatus().getHistory().stream().map(h -> h.getTag() + " " + h.getOutcome() + " " + h.getReason()).toList();
    }

    /** The end state of one release: status, the host, the migrations. */
    private void verify(Expected model) {
        var release = releases.get(model.name);
        var status = release.getStatus();
        var tag = model.current;
        var what = model.name + " (seed " + SEED + ")";
        assertThat(status.getPhase()).as(what + " phase").isEqualTo(model.phase);
        assertThat(status.getCurrentTag()).as(what + " currentTag").isEqualTo(tag);
        assertThat(status.getDesiredTag()).as(what + " desiredTag").isEqualTo(model.specTag);
        assertThat(status.getLastGoodTag()).as(what + " lastGoodTag").isEqualTo(tag);
        assertThat(status.getObservedGeneration()).as(what + " observedGeneration").isEqualTo(release.getMetadata().getGeneration());
        if (model.phase == Phase.Ready) {
            assertThat(condition(release, "Ready")).as(what + " Ready").hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        }
        if (model.rollbackToken != null) {
            assertThat(status.getRollbackToken()).as(what + " rollbackToken").isEqualTo(model.rollbackToken);
        }
        var expectedHistory = model.history.subList(0, Math.min(model.history.size(), 10));
        assertThat(history(release)).as(what + " status.history, newest first").containsExactlyElementsOf(expectedHistory);
        assertThat(status.getGoodReleases()).as(what + " status.goodReleases, newest first").extracting(g -> g.getTag())
                .containsExactlyElementsOf(model.good);

        assertThat(HostProbe.get(model.app.ok(tag).healthUrl())).as(what + " what the host serves").isEqualTo("ok " + tag);
        var migrations = MigrationLog.runs(model.app.project()).stream().map(line -> line.split(" ")[0]).sorted().toList();
        assertThat(migrations).as(what + " each tag's migration ran exactly once").containsExactlyElementsOf(model.migrated.stream().sorted().toList());

        var containers = HostProbe.docker("ps", "-a", "--filter", "label=com.docker.compose.project=" + model.app.project(), "--format",
                "{{.Label \"com.docker.compose.service\"}} {{.State}} {{.Label \"io.horadus.sample.version\"}}").lines().sorted().toList();
        assertThat(containers).as(what + " the project's containers: the three services on " + tag + ", nothing else")
                .containsExactly("api running " + tag, "beat running " + tag, "worker running " + tag);
        var operatorContainers = Stream.of("horadus.io/gate-run", "horadus.io/migration-run")
                .flatMap(label -> HostProbe.docker("ps", "-a", "--filter", "label=" + label, "--format", "{{.Names}}").lines())
                .filter(name -> name.contains(model.app.project())).toList();
        assertThat(operatorContainers).as(what + " no gate or migration container left").isEmpty();
        var exited = HostProbe.docker("ps", "-a", "--filter", "status=exited", "--filter", "status=created", "--format", "{{.Names}}").lines()
                .filter(name -> name.contains(model.app.project())).toList();
        assertThat(exited).as(what + " no exited or created container left").isEmpty();
        var summary = new LinkedHashMap<String, Object>();
        summary.put("phase", status.getPhase());
        summary.put("current", tag);
        summary.put("history", history(release));
        summary.put("migrations", migrations);
        System.out.printf("CHAOS %s: %s%n", model.name, summary);
    }
}
