package io.horadus.release.notify;

import io.horadus.api.CheckResult;
import io.horadus.api.Condition;
import io.horadus.api.ConditionType;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.Reason;
import io.horadus.api.RollbackRecord;
import io.horadus.release.ReleaseEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which notices a pass makes, from what it recorded: the engine's events say when a release was released
 * or rolled back (each is published once, by the pass that records it); the phase says when a release
 * entered Failed or AwaitingApproval (a failed gate, build, migration, rollout, verification or rollback,
 * a missing Secret; a wait for a reviewer). A release that stays in such a phase over many passes (an
 * approval polled every few seconds, a Secret looked for again every 30 s) is told about once: only a
 * change of phase, attempt, tag or reason makes a new notice.
 */
public final class Notices {

    private Notices() {
    }

    /** What a notice is judged against: where the release stood before a pass (the pass changes its status in place). */
    public record Before(Phase phase, String attempt, Optional<String> ready) {
    }

    /** Where {@code status} stands, before a pass changes it. */
    public static Before before(HoradusReleaseStatus status) {
        return new Before(status.getPhase(), attempt(status), readyFalse(status));
    }

    /**
     * @param namespace the release's namespace ("" for the command line's own)
     * @param name      the release's name
     * @param before where the release stood as the pass loaded it
     * @param after  status as the pass recorded it
     * @param events the pass's events
     */
    public static List<Notice> between(String namespace, String name, Before before, HoradusReleaseStatus after, List<ReleaseEvent> events,
                                       Instant now) {
        var notices = new ArrayList<Notice>();
        for (var event : events) {
            if (event.reason().equals(Reason.Released.name())) {
                notices.add(notice(Notice.Kind.Released, namespace, name, after, event.reason(), event.message(), Optional.empty(), now));
            } else if (event.reason().equals(Reason.RolledBack.name()) || event.reason().equals(Reason.RolledBackByRequest.name())) {
                notices.add(rollback(Notice.Kind.RolledBack, namespace, name, after, event.reason(), event.message(), now));
            }
        }
        if (entered(Phase.Failed, before, after)) {
            var ready = ready(after);
            var reason = ready.map(Condition::getReason).orElse(Reason.ReleaseFailed.name());
            var message = ready.map(Condition::getMessage).orElse("");
            notices.add(reason.equals(Reason.RollbackFailed.name()) ? rollback(Notice.Kind.Failed, namespace, name, after, reason, message, now)
                    : notice(Notice.Kind.Failed, namespace, name, after, reason, message, Optional.empty(), now));
        }
        if (entered(Phase.AwaitingApproval, before, after)) {
            var ready = ready(after);
            notices.add(notice(Notice.Kind.AwaitingApproval, namespace, name, after, ready.map(Condition::getReason).orElse(Reason.AwaitingApproval.name()),
                    ready.map(Condition::getMessage).orElse(""), Optional.empty(), now));
        }
        return notices;
    }

    /**
     * {@code after} is in {@code phase} with Ready=False (a step waiting for a reviewer, not just entered: the
     * Approve step is entered one pass before it asks), and {@code before} was not, or was for another attempt or reason.
     */
    private static boolean entered(Phase phase, Before before, HoradusReleaseStatus after) {
        var ready = readyFalse(after);
        if (after.getPhase() != phase || ready.isEmpty()) {
            return false;
        }
        return before.phase() != phase || !Objects.equals(before.attempt(), attempt(after)) || !before.ready().equals(ready);
    }

    /** The Ready condition's reason when it is False. */
    private static Optional<String> readyFalse(HoradusReleaseStatus status) {
        return ready(status).filter(c -> "False".equals(c.getStatus())).map(Condition::getReason);
    }

    private static String attempt(HoradusReleaseStatus status) {
        var release = status.getRelease();
        return release == null ? status.getDesiredTag() : release.getTag() + "#" + release.getAttempt();
    }

    private static Optional<Condition> ready(HoradusReleaseStatus status) {
        return status.getConditions().stream().filter(c -> ConditionType.Ready.name().equals(c.getType())).findFirst();
    }

    private static Notice rollback(Notice.Kind kind, String namespace, String name, HoradusReleaseStatus after, String reason, String message, Instant now) {
        var record = after.getRollback();
        if (record == null) {
            return notice(kind, namespace, name, after, reason, message, Optional.empty(), now);
        }
        var notice = notice(kind, namespace, name, after, reason, message, Optional.of(incident(record)), now);
        // The release the notice is about is the one rolled back from, not the one that now runs.
        return new Notice(notice.kind(), namespace, name, record.getFromTag(), record.getFromCommit(), notice.currentTag(), notice.lastGoodTag(),
                reason, notice.phase(), message, notice.incident(), now);
    }

    private static Notice.Incident incident(RollbackRecord record) {
        var checks = new ArrayList<Notice.FailedCheck>();
        for (CheckResult check : record.getFailedChecks()) {
            checks.add(new Notice.FailedCheck(check.getName(), check.getDetail()));
        }
        return new Notice.Incident(record.getFromTag(), record.getFromCommit(), record.getToTag(), record.getToCommit(), record.getDetectedAt(),
                record.getRestoredFrom(), record.getState() == null ? null : record.getState().name(), checks);
    }

    private static Notice notice(Notice.Kind kind, String namespace, String name, HoradusReleaseStatus after, String reason, String message,
                                 Optional<Notice.Incident> incident, Instant now) {
        var release = after.getRelease();
        var tag = release == null ? after.getDesiredTag() : release.getTag();
        var commit = release == null ? null : release.getCommit();
        return new Notice(kind, namespace, name, tag, commit, after.getCurrentTag(), after.getLastGoodTag(), reason, after.getPhase(), message,
                incident, now);
    }
}
