package io.horadus.release;

import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.VerifySpec;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.VerificationReport;
import io.horadus.release.port.Verifier;
import io.horadus.release.watch.ReleaseWatch;
import io.horadus.release.watch.WatchRounds;
import io.horadus.testing.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watch's rounds off the reconcile threads (WatchRounds): a hung round holds neither another
 * release's rounds nor a reconcile, a release never has two rounds at once, rounds stop when the release
 * stops being watched, and a round that changes nothing asks for no reconcile. The threaded scenarios
 * wait on latches only; {@link Timeout} ends a test that would otherwise wait for ever.
 */
class WatchRoundsTest {

    private static final VerificationReport PASS = new VerificationReport(List.of(new VerificationReport.Check("health", true, "HTTP 200")));

    /** Real threads: what one release's hung round leaves free. */
    @Nested
    class OnThreads {

        private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);

        @AfterEach
        void stopThreads() {
            executor.shutdownNow();
        }

        @Test
        @Timeout(60)
        @DisplayName("a round of release A hung on its health URL holds neither a round of release B nor reconciles of B's tag change")
        void hungRoundHoldsNothingElse() throws Exception {
            var hang = new CountDownLatch(1);
            var aHangs = new CountDownLatch(1);
            var bProbed = new AtomicInteger();
            var bRoundWhileAHangs = new CountDownLatch(1);
            var hangA = new AtomicBoolean();
            var watchingB = new AtomicBoolean();
            Verifier verifier = (release, spec, services, host, access) -> {
                if (release.equals("ns/a") && hangA.get()) {
                    aHangs.countDown();
                    await(hang); // a health URL that never answers (the real probe gives up after its timeouts)
                } else if (release.equals("ns/b") && watchingB.get()) {
                    bProbed.incrementAndGet();
                    bRoundWhileAHangs.countDown();
                }
                return PASS;
            };
            var host = new Fakes.Host();
            var source = new Fakes.Source().tag("v1.0.0", "c100").tag("v1.1.0", "c110");
            var clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
            var rounds = new WatchRounds(new ReleaseWatch(host, verifier), executor, clock);
            var engine = Fakes.engine(host, source, verifier, clock, rounds);
            var a = new Release("ns/a", engine, rounds, clock);
            var b = new Release("ns/b", engine, rounds, clock);

            a.settle();
            assertThat(a.status.getPhase()).isEqualTo(Phase.Ready);
            hangA.set(true);
            a.restart(); // a watch without rounds begins at once: A's first round starts now, and hangs
            await(aHangs);

            b.settle();
            b.spec.setTag("v1.1.0");
            b.generation++;
            b.settle();
            assertThat(b.status.getCurrentTag()).as("B's tag change reached Ready while A's round hangs").isEqualTo("v1.1.0");
            assertThat(b.status.getPhase()).isEqualTo(Phase.Ready);
            watchingB.set(true);
            b.restart(); // B's first round at once rather than an interval on
            await(bRoundWhileAHangs);
            assertThat(hang.getCount()).as("A's round still hangs").isEqualTo(1);
            assertThat(bProbed.get()).isPositive();
            hang.countDown();
        }

        @Test
        @Timeout(60)
        @DisplayName("a release never has two rounds at once: the next begins when one ended, a replaced watch waits for the old round")
        void roundsNeverOverlap() throws Exception {
            var started = new Semaphore(0);
            var gate = new Semaphore(0);
            var inFlight = new AtomicInteger();
            var most = new AtomicInteger();
            var log = Collections.synchronizedList(new ArrayList<String>());
            Verifier verifier = (release, spec, services, host, access) -> {
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                log.add("start " + spec.getHealthUrl());
                started.release();
                await(gate);
                log.add("end " + spec.getHealthUrl());
                inFlight.decrementAndGet();
                return PASS;
            };
            var rounds = new WatchRounds(new ReleaseWatch(new Fakes.Host(), verifier), executor, Clock.systemUTC());
            rounds.follow("ns/a", Optional.of(plan("ns/a", "v1.0.0", Duration.ZERO)));
            for (int i = 0; i < 3; i++) {
                started.acquire();
                gate.release();
            }
            started.acquire(); // the fourth round of v1.0.0 runs
            rounds.follow("ns/a", Optional.of(plan("ns/a", "v1.1.0", Duration.ZERO))); // its next round is due now
            gate.release();
            started.acquire(); // v1.1.0's first round began
            rounds.stop("ns/a");
            gate.release(10);

            assertThat(most.get()).isEqualTo(1);
            var lastOld = log.lastIndexOf("end http://127.0.0.1:8000/v1.0.0");
            assertThat(log.indexOf("start http://127.0.0.1:8000/v1.1.0")).as(log.toString()).isGreaterThan(lastOld);
        }
    }

    /** The rounds on a scheduler the test runs by hand on its clock: what asks for a reconcile and what stops the rounds. */
    @Nested
    class ByHand {

        private final Fakes.Host host = new Fakes.Host();
        private final Fakes.Source source = new Fakes.Source().tag("v1.0.0", "c100").tag("v1.1.0", "c110");
        private final Fakes.Checks checks = new Fakes.Checks();
        private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
        private final Fakes.Rounds rounds = new Fakes.Rounds(host, checks, clock);
        private final Release release = new Release("ns/app", Fakes.engine(host, source, checks, clock, rounds), rounds.rounds, clock);

        @Test
        @DisplayName("a passing round of a passing release asks for no reconcile and would write nothing")
        void passingRoundsAskForNothing() {
            releasedAndWatched();
            var before = Json.of(release.status);
            var attempts = checks.attempts;

            for (int i = 0; i < 5; i++) {
                assertThat(nextRound()).isFalse();
            }
            assertThat(checks.attempts).as("the rounds ran").isEqualTo(attempts + 5);
            assertThat(Json.of(release.status)).isEqualTo(before);
        }

        @Test
        @DisplayName("a failed round asks for a reconcile, and no further round runs until a reconcile applied it")
        void failedRoundWaitsForItsReconcile() {
            releasedAndWatched();
            checks.answer(false);

            assertThat(nextRound()).isTrue();
            var attempts = checks.attempts;
            clock.advance(interval().multipliedBy(3));
            assertThat(rounds.runDue(release.key)).isFalse();
            assertThat(checks.attempts).as("no round while one waits to be applied").isEqualTo(attempts);

            release.reconcile();
            assertThat(release.status.getWatch().getConsecutiveFailures()).isEqualTo(1);
            assertThat(rounds.runDue(release.key)).as("the next round is an interval after the one applied").isFalse();
            assertThat(nextRound()).as("then it runs, fails, and asks again").isTrue();
            release.reconcile();
            assertThat(release.status.getWatch().getConsecutiveFailures()).isEqualTo(2);
        }

        @Test
        @DisplayName("rounds stop on suspend and begin again at once on resume, Ready again")
        void suspendStopsRounds() {
            releasedAndWatched();
            release.spec.setSuspend(true);
            release.generation++;
            release.reconcile();
            assertThat(release.status.getPhase()).isEqualTo(Phase.Suspended);
            assertThat(rounds.rounds.watching(release.key)).isFalse();
            assertThat(rounds.scheduler.pending()).isZero();
            var attempts = checks.attempts;
            clock.advance(interval().multipliedBy(3));
            rounds.scheduler.runDue();
            assertThat(checks.attempts).isEqualTo(attempts);

            release.spec.setSuspend(false);
            release.generation++;
            release.reconcile();
            assertThat(rounds.runDue(release.key)).as("a round at once, and Suspended is not what it finds").isTrue();
            release.reconcile();
            assertThat(release.status.getPhase()).isEqualTo(Phase.Ready);
        }

        @Test
        @DisplayName("rounds stop when the tag changes: the new release is watched only once it is released")
        void tagChangeStopsRounds() {
            releasedAndWatched();
            release.spec.setTag("v1.1.0");
            release.generation++;
            release.reconcile();
            assertThat(release.status.getPhase()).as("resolved, building next").isEqualTo(Phase.Building);
            assertThat(rounds.rounds.watching(release.key)).isFalse();
            assertThat(rounds.scheduler.pending()).isZero();

            release.settle();
            assertThat(release.status.getCurrentTag()).isEqualTo("v1.1.0");
            assertThat(rounds.rounds.watching(release.key)).isTrue();
        }

        @Test
        @DisplayName("a deleted release's rounds stop, and a round running as it is deleted is dropped without asking for a reconcile")
        void deletionStopsRounds() {
            releasedAndWatched();
            var deleted = new java.util.concurrent.atomic.AtomicReference<WatchRounds>();
            Verifier deleting = (key, spec, services, state, access) -> {
                if (deleted.get() != null) {
                    deleted.get().stop(key); // the release is deleted while its round runs
                }
                return PASS;
            };
            var deletedWhileProbing = new Fakes.Rounds(host, deleting, clock);
            var engine = Fakes.engine(host, source, deleting, clock, deletedWhileProbing);
            var other = new Release("ns/other", engine, deletedWhileProbing.rounds, clock);
            other.settle();
            deleted.set(deletedWhileProbing.rounds);
            other.restart();

            assertThat(deletedWhileProbing.runDue(other.key)).isFalse();
            assertThat(deletedWhileProbing.rounds.watching(other.key)).isFalse();
            assertThat(deletedWhileProbing.scheduler.pending()).isZero();

            rounds.rounds.stop(release.key);
            assertThat(rounds.scheduler.pending()).isZero();
        }

        @Test
        @DisplayName("after a restart the rounds resume from status: two failed rounds before it and one after roll back")
        void restartResumesFromStatus() {
            releasedAndWatched();
            release.spec.setTag("v1.1.0");
            release.generation++;
            release.settle();
            nextRound();
            release.reconcile();
            checks.answer(false);
            for (int i = 0; i < 2; i++) {
                assertThat(nextRound()).isTrue();
                release.reconcile();
            }
            assertThat(release.status.getWatch().getConsecutiveFailures()).isEqualTo(2);

            var restarted = new Fakes.Rounds(host, checks, clock);
            var after = new Release(release.key, Fakes.engine(host, source, checks, clock, restarted), restarted.rounds, clock);
            after.spec = release.spec;
            after.status = release.status;
            after.generation = release.generation;
            after.reconcile(); // the first reconcile after the restart
            assertThat(restarted.runDue(release.key)).as("the first round runs at once").isTrue();
            after.reconcile();
            assertThat(after.status.getPhase()).isEqualTo(Phase.RollingBack);
        }

        private void releasedAndWatched() {
            release.settle();
            assertThat(release.status.getPhase()).isEqualTo(Phase.Ready);
            if (nextRound()) {
                release.reconcile(); // the first round writes the watch record
            }
            assertThat(rounds.rounds.watching(release.key)).isTrue();
        }

        private boolean nextRound() {
            clock.advance(interval());
            return rounds.runDue(release.key);
        }

        private Duration interval() {
            return Duration.ofSeconds(release.spec.getVerify().getIntervalSeconds());
        }
    }

    /** One release driven as the adapter drives it: reconcile, write, hand the watch its plan. */
    private static final class Release {
        final String key;
        final ReleaseEngine engine;
        final WatchRounds rounds;
        final MovableClock clock;
        HoradusReleaseSpec spec = ReleaseEngineTest.spec("v1.0.0");
        HoradusReleaseStatus status = new HoradusReleaseStatus();
        long generation = 1;

        Release(String key, ReleaseEngine engine, WatchRounds rounds, MovableClock clock) {
            this.key = key;
            this.engine = engine;
            this.rounds = rounds;
            this.clock = clock;
            spec.getVerify().setIntervalSeconds(1);
        }

        Outcome reconcile() {
            var outcome = engine.reconcile(new ReleaseRequest(key, generation, spec, GitCredentials.NONE, null), status, written -> { });
            rounds.follow(key, outcome.watch());
            return outcome;
        }

        void settle() {
            Fakes.settle(this::reconcile, clock);
        }

        /** As after an operator restart: no rounds until a reconcile finds the release watched. */
        void restart() {
            rounds.stop(key);
            reconcile();
        }
    }

    private static WatchRounds.Plan plan(String key, String tag, Duration interval) {
        var spec = ReleaseEngineTest.spec(tag);
        spec.getVerify().setHealthUrl("http://127.0.0.1:8000/" + tag);
        return new WatchRounds.Plan(new ReleaseRequest(key, 1, spec, GitCredentials.NONE, null), new WatchRounds.Subject(tag, "c-" + tag, false),
                interval, Duration.ZERO, 0, round -> false);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(Semaphore semaphore) {
        try {
            semaphore.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
