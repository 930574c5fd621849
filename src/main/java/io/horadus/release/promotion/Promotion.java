package io.horadus.release.promotion;

import io.horadus.api.FieldRules;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.PromotionStatus;
import io.horadus.api.Reason;
import io.horadus.api.RevokedTag;
import io.horadus.release.ReleaseRequest;
import io.horadus.release.StepResult;
import io.horadus.release.Timestamps;
import io.horadus.release.policy.SemanticVersion;
import io.horadus.release.port.UpstreamStatuses;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Stages (spec.promotion): the rule a tag must pass in every upstream before it is released here, the
 * revocation of a tag an upstream rolled back, and {@code auto}'s choice of the tag to follow. Reads
 * the upstreams' status through {@link UpstreamStatuses}; writes only this release's status.promotion.
 */
public final class Promotion {

    /** Of the reasons a release waits for, the one its condition gives when several upstreams wait: the one a person must act on first. */
    private static final List<Reason> WAIT_ORDER = List.of(Reason.CommitMismatch, Reason.UpstreamNotHealthy, Reason.UpstreamNotReleased,
            Reason.SoakPending);

    private final UpstreamStatuses upstreams;
    private final Duration poll;

    /**
     * @param poll how often a waiting release looks at its upstreams again (the drivers also wake it when an
     *             upstream's status changes; this bounds a missed wake-up)
     */
    public Promotion(UpstreamStatuses upstreams, Duration poll) {
        this.upstreams = upstreams;
        this.poll = poll;
    }

    /** Whether the spec names upstreams. */
    public static boolean applies(HoradusReleaseSpec spec) {
        return spec.getPromotion() != null && spec.getPromotion().getFrom() != null && !spec.getPromotion().getFrom().isEmpty();
    }

    /** Whether spec.promotion.auto chooses the tag. */
    public static boolean auto(HoradusReleaseSpec spec) {
        return applies(spec) && spec.getPromotion().isAuto();
    }

    /**
     * The rule, for the tag and the commit it resolved to here: Done when every upstream verified it and the
     * soak passed; Failed when an upstream rolled it back (or the upstreams name this release); else Wait,
     * naming each upstream and what is missing. Records each upstream's verdict in status.promotion.
     */
    public StepResult check(ReleaseRequest request, HoradusReleaseStatus status, String tag, String commit, Instant now) {
        var cycle = cycle(request);
        if (cycle.isPresent()) {
            return new StepResult.Failed(Reason.InvalidSpec, cycle.get(), Optional.empty());
        }
        var soak = Duration.ofSeconds(request.spec().getPromotion().getSoakSeconds());
        var verdicts = request.spec().getPromotion().getFrom().stream()
                .map(name -> UpstreamJudge.judge(name, upstreams.status(request.namespace(), name), tag, commit, soak, now))
                .toList();
        var record = record(request, status);
        var said = verdicts.stream().map(Verdict::toStatus).toList();
        if (!tag.equals(record.getTag()) || !sameVerdicts(said, record.getUpstreams())) {
            // Stamped only when a verdict changes: a release that keeps waiting costs no status write.
            record.setTag(tag);
            record.setUpstreams(new ArrayList<>(said));
            record.setCheckedAt(Timestamps.format(now));
        }
        var rolledBack = verdicts.stream().filter(v -> v.reason() == Reason.UpstreamRolledBack).toList();
        if (!rolledBack.isEmpty()) {
            return new StepResult.Failed(Reason.UpstreamRolledBack, tag + " (commit " + Commits.brief(commit) + ") is not released here: "
                    + lines(rolledBack), Optional.empty());
        }
        var missing = verdicts.stream().filter(v -> !v.verified()).toList();
        if (missing.isEmpty()) {
            return new StepResult.Done(Reason.UpstreamVerified, tag + " (commit " + Commits.brief(commit) + ") is verified upstream: "
                    + lines(verdicts), Optional.empty());
        }
        var reason = WAIT_ORDER.stream().filter(r -> missing.stream().anyMatch(v -> v.reason() == r)).findFirst().orElse(Reason.UpstreamNotReleased);
        var after = missing.stream().allMatch(v -> v.soakEndsAt().isPresent()) ? earliest(missing, now) : poll;
        after = after.compareTo(poll) > 0 ? poll : after;
        return new StepResult.Wait(after, reason, tag + " (commit " + Commits.brief(commit) + ") waits for its upstreams: " + lines(missing)
                + ". Nothing runs until then");
    }

    /**
     * An upstream rolled back {@code tag}: the message saying which, for a release of it that has not
     * finished its build (it stops) or that is released (it is reported, or rolled back).
     */
    public Optional<String> revocation(ReleaseRequest request, String tag) {
        var found = new ArrayList<String>();
        for (var name : request.spec().getPromotion().getFrom()) {
            upstreams.status(request.namespace(), name)
                    .flatMap(upstream -> Revocations.find(Revocations.of(name, upstream), tag))
                    .ifPresent(revoked -> found.add(Revocations.describe(revoked)));
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", found));
    }

    /**
     * What spec.promotion.auto releases now: the first upstream's newest good tag that no release of the
     * chain rolled back (here included, a person's rollback too), when it is newer than the tag this release
     * last attempted; else that tag again (a release in flight, released, failed or rolled back stays as it
     * is). Empty when there is neither.
     */
    public Optional<String> autoTag(ReleaseRequest request, HoradusReleaseStatus status, Instant now) {
        remember(request, status, now);
        var revoked = status.getPromotion().getRevoked();
        var first = request.spec().getPromotion().getFrom().get(0);
        var candidate = upstreams.status(request.namespace(), first)
                .flatMap(upstream -> goodTags(upstream).stream()
                        .filter(tag -> Revocations.find(revoked, tag).isEmpty())
                        .findFirst());
        var attempted = Optional.ofNullable(status.getRelease()).map(r -> r.getTag());
        if (candidate.isEmpty()) {
            return attempted;
        }
        if (attempted.isEmpty() || newer(candidate.get(), attempted.get())) {
            return candidate;
        }
        return attempted;
    }

    /** The message of a release that waits for auto's first tag. */
    public String nothingToFollow(ReleaseRequest request) {
        var first = request.spec().getPromotion().getFrom().get(0);
        return "spec.promotion.auto follows " + first + "'s last good tag, and " + first
                + (upstreams.status(request.namespace(), first).isEmpty() ? " is not found in this namespace" : " has none yet (or only rolled-back ones)")
                + ". Nothing runs until then";
    }

    /** How long before a release that waits for auto's first tag looks again. */
    public Duration poll() {
        return poll;
    }

    /**
     * Keeps status.promotion current: the chain, and every rolled-back tag this release or its upstreams know
     * of (newest first, bounded), so that what is revoked stays revoked once the records that said so rotate out.
     */
    public PromotionStatus remember(ReleaseRequest request, HoradusReleaseStatus status, Instant now) {
        var record = record(request, status);
        var known = new ArrayList<>(Revocations.of(request.name(), status));
        for (var name : request.spec().getPromotion().getFrom()) {
            upstreams.status(request.namespace(), name).ifPresent(upstream -> known.addAll(Revocations.of(name, upstream)));
        }
        var revoked = record.getRevoked();
        for (var found : known) {
            if (found.getTag() != null && Revocations.find(revoked, found.getTag()).isEmpty()) {
                revoked.add(0, new RevokedTag(found.getTag(), found.getCommit(), found.getRelease(), Timestamps.format(now)));
            }
        }
        while (revoked.size() > FieldRules.REVOKED_MAX) {
            revoked.remove(revoked.size() - 1);
        }
        return record;
    }

    /** status.promotion, created when missing, with the chain as the upstreams tell it now. */
    private PromotionStatus record(ReleaseRequest request, HoradusReleaseStatus status) {
        var record = status.getPromotion();
        if (record == null) {
            record = new PromotionStatus();
            status.setPromotion(record);
        }
        var chain = chain(request);
        if (!chain.equals(record.getChain())) {
            record.setChain(chain);
        }
        return record;
    }

    /** The releases upstream first, each once, ending with this one; cut at the upstream end. */
    private List<String> chain(ReleaseRequest request) {
        var names = new LinkedHashSet<String>();
        for (var name : request.spec().getPromotion().getFrom()) {
            var upstreamChain = upstreams.status(request.namespace(), name)
                    .map(HoradusReleaseStatus::getPromotion).map(PromotionStatus::getChain).orElse(List.of());
            names.addAll(upstreamChain.isEmpty() ? List.of(name) : upstreamChain);
        }
        names.remove(request.name());
        names.add(request.name());
        var chain = new ArrayList<>(names);
        return chain.size() > FieldRules.CHAIN_MAX ? new ArrayList<>(chain.subList(chain.size() - FieldRules.CHAIN_MAX, chain.size())) : chain;
    }

    /** This release named among its own upstreams, directly or through their chains: nothing could ever pass. */
    private Optional<String> cycle(ReleaseRequest request) {
        var from = request.spec().getPromotion().getFrom();
        if (from.contains(request.name())) {
            return Optional.of("spec.promotion.from names this release itself (" + request.name() + ")");
        }
        for (var name : from) {
            var upstreamChain = upstreams.status(request.namespace(), name)
                    .map(HoradusReleaseStatus::getPromotion).map(PromotionStatus::getChain).orElse(List.of());
            if (upstreamChain.subList(0, Math.max(0, upstreamChain.size() - 1)).contains(request.name())) {
                return Optional.of("spec.promotion.from forms a cycle: " + name + " is promoted from " + request.name()
                        + " (chain " + String.join(" → ", upstreamChain) + ")");
            }
        }
        return Optional.empty();
    }

    /** The upstream's good tags, newest first: its kept good releases, else its last good tag. */
    private static List<String> goodTags(HoradusReleaseStatus upstream) {
        var tags = new ArrayList<String>();
        upstream.getGoodReleases().forEach(g -> tags.add(g.getTag()));
        if (upstream.getLastGoodTag() != null && !tags.contains(upstream.getLastGoodTag())) {
            tags.add(0, upstream.getLastGoodTag());
        }
        tags.removeIf(Objects::isNull);
        return tags;
    }

    private static boolean newer(String candidate, String than) {
        var a = SemanticVersion.of(candidate);
        var b = SemanticVersion.of(than);
        if (a.isEmpty() || b.isEmpty()) {
            return !candidate.equals(than);
        }
        return a.get().compareTo(b.get()) > 0;
    }

    private static Duration earliest(List<Verdict> waiting, Instant now) {
        var end = waiting.stream().map(v -> v.soakEndsAt().orElseThrow()).min(Comparator.naturalOrder()).orElseThrow();
        var left = Duration.between(now, end);
        // A second past the end: a requeue a hair early would find the soak not over and wait once more.
        return left.isNegative() ? Duration.ofSeconds(1) : left.plusSeconds(1);
    }

    private static boolean sameVerdicts(List<io.horadus.api.UpstreamVerdict> a, List<io.horadus.api.UpstreamVerdict> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Objects.equals(a.get(i).getName(), b.get(i).getName()) || !Objects.equals(a.get(i).getReason(), b.get(i).getReason())
                    || !Objects.equals(a.get(i).getMessage(), b.get(i).getMessage())) {
                return false;
            }
        }
        return true;
    }

    private static String lines(List<Verdict> verdicts) {
        return String.join("; ", verdicts.stream().map(Verdict::line).toList());
    }
}
