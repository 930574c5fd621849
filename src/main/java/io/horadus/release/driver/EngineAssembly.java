package io.horadus.release.driver;

import io.horadus.release.ReleaseEngine;
import io.horadus.release.rollback.ImageSnapshots;
import io.horadus.release.rollback.PutBack;
import io.horadus.release.rollback.Rollbacks;
import io.horadus.release.steps.ApproveStep;
import io.horadus.release.steps.BuildStep;
import io.horadus.release.steps.GateStep;
import io.horadus.release.steps.MigrateStep;
import io.horadus.release.steps.ResolveStep;
import io.horadus.release.steps.RolloutStep;
import io.horadus.release.steps.UpstreamStep;
import io.horadus.release.steps.VerifyStep;
import io.horadus.release.promotion.Promotion;
import io.horadus.release.watch.ReleaseWatch;
import io.horadus.release.watch.WatchRounds;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Builds the release engine from its ports, without CDI: the runbook's steps in order (Resolve, Gate,
 * Approve, Build, Migrate, RollOut, Verify), the watch and the rollback. The operator's Quarkus producer,
 * the tests and any other entry point assemble the same engine here.
 *
 * @param approvalPoll how often a release awaiting approval looks for it again
 */
public record EngineAssembly(EnginePorts ports, Duration approvalPoll, Clock clock) {

    /** The watch's check rounds, on {@code executor} (its size is how many releases can be in a round at once). */
    public WatchRounds rounds(ScheduledExecutorService executor) {
        return new WatchRounds(new ReleaseWatch(ports.observer(), ports.verifier()), executor, clock);
    }

    /** The engine, applying what {@code rounds} find. */
    public ReleaseEngine engine(WatchRounds rounds) {
        var source = ports.source();
        var compose = ports.compose();
        var observer = ports.observer();
        var snapshots = new ImageSnapshots(ports.images());
        var watch = new ReleaseWatch(observer, ports.verifier());
        var promotion = new Promotion(ports.upstreams(), approvalPoll);
        return new ReleaseEngine(List.of(
                new ResolveStep(source),
                new UpstreamStep(promotion),
                new GateStep(ports.gates(), source),
                new ApproveStep(ports.approvals(), approvalPoll),
                new BuildStep(compose, source),
                new MigrateStep(compose, observer, source),
                new RolloutStep(compose, source),
                new VerifyStep(observer, ports.verifier(), snapshots)),
                watch, rounds, new Rollbacks(watch, snapshots, compose, observer, source, clock), snapshots,
                new PutBack(snapshots, compose, source), promotion, clock);
    }
}
