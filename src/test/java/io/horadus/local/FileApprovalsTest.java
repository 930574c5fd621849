package io.horadus.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.horadus.api.ApprovalRequirement;
import io.horadus.api.ApprovalSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.ReleaseProgress;
import io.horadus.release.ReleaseRequest;
import io.horadus.release.StepContext;
import io.horadus.release.StepResult;
import io.horadus.release.approval.Approval;
import io.horadus.release.approval.Approvals;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.steps.ApproveStep;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reviewers' approvals as files, as `horadus approve` records them and the Approve step reads them. */
class FileApprovalsTest {

    private static final String C142 = "1420000000000000000000000000000000000000";
    private static final String C142_MOVED = "1421111111111111111111111111111111111111";
    private static final Instant NOW = Instant.parse("2026-12-05T23:10:00.250Z");

    @TempDir
    Path approvals;

    @Test
    @DisplayName("a recorded approval is found again with its tag, commit, reviewer and time, kept in a private file")
    void roundTrip() throws IOException {
        var store = store();

        var recorded = store.record("default", "horadus", "v2.0.0", C142, "ana", "reviewed the migration");

        assertThat(recorded).isEqualTo(new Approval("v2.0.0-1420000-" + NOW.toEpochMilli(), "v2.0.0", C142, "ana", NOW));
        assertThat(store.approvals("default", "horadus")).isEqualTo(new Approvals.Found(java.util.List.of(recorded)));
        var file = approvals.resolve("default/horadus/v2.0.0-1420000-" + NOW.toEpochMilli() + ".json");
        var json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("comment").asText()).isEqualTo("reviewed the migration");
        assertThat(json.get("createdAt").asText()).isEqualTo("2026-12-05T23:10:00.250Z");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    @DisplayName("approvals are kept per namespace and release; two at the same instant are two files; none found is no error")
    void perRelease() {
        var store = store();
        var first = store.record("default", "horadus", "v2.0.0", C142, "ana", null);
        var second = store.record("default", "horadus", "v2.0.0", C142, "bo", null);
        store.record("prod", "horadus", "v2.0.0", C142, "cy", null);

        assertThat(second.name()).isEqualTo(first.name() + "-1");
        assertThat(((Approvals.Found) store.approvals("default", "horadus")).approvals()).extracting(Approval::reviewer).containsExactlyInAnyOrder("ana", "bo");
        assertThat(store.approvals("default", "other")).isEqualTo(new Approvals.Found(java.util.List.of()));
    }

    @Test
    @DisplayName("an approval holds for one exact commit: a short or malformed commit is refused, upper case taken as lower")
    void fullCommitOnly() {
        var store = store();

        assertThatThrownBy(() -> store.record("default", "horadus", "v2.0.0", "1420000", "ana", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'1420000' is not a full commit (40 or 64 hex digits)");
        var hex = "abcdef0123456789abcdef0123456789abcdef01";
        assertThat(store.record("default", "horadus", "v2.0.0", hex.toUpperCase(), "ana", null).commit()).isEqualTo(hex);
        assertThatThrownBy(() -> store.record("default", "../x", "v2.0.0", C142, "ana", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("the Approve step passes on an approval of its tag at its commit, and calls one of the tag at another commit stale")
    void approveStepReadsThem() {
        var store = store();
        var step = new ApproveStep(store, Duration.ofSeconds(5));
        store.record("default", "horadus", "v2.0.0", C142_MOVED, "ana", "before the tag moved");

        var waiting = step.run(context());

        assertThat(waiting).isInstanceOfSatisfying(StepResult.Wait.class, wait -> assertThat(wait.message())
                .contains("stale approvals, ignored (another tag or commit): v2.0.0-1421111-")
                .endsWith("To approve, a reviewer runs: horadus approve horadus --tag v2.0.0 --commit " + C142 + " --state " + approvals.getParent()));

        store.record("default", "horadus", "v2.0.0", C142, "bo", null);

        assertThat(step.run(context())).isInstanceOfSatisfying(StepResult.Done.class, done -> assertThat(done.message())
                .startsWith("v2.0.0 (commit " + C142 + ") approved by bo in HoradusApproval v2.0.0-1420000-"));
    }

    @Test
    @DisplayName("the reviewer's command: the release, tag and commit; -n outside the default namespace; --state outside the default state")
    void approveCommand() {
        assertThat(new FileApprovals(approvals, Clock.systemUTC(), Optional.empty()).approveCommand("default", "horadus", "v2.0.0", C142))
                .isEqualTo("horadus approve horadus --tag v2.0.0 --commit " + C142);
        assertThat(new FileApprovals(approvals, Clock.systemUTC(), Optional.of(Path.of("/srv/horadus state"))).approveCommand("prod", "horadus", "v2.0.0", C142))
                .isEqualTo("horadus approve horadus --tag v2.0.0 --commit " + C142 + " -n prod --state '/srv/horadus state'");
    }

    @Test
    @DisplayName("an approval file horadus cannot read is refused, naming it, not skipped")
    void unreadableRefused() throws IOException {
        var store = store();
        store.record("default", "horadus", "v2.0.0", C142, "ana", null);
        var bad = approvals.resolve("default/horadus/by-hand.json");
        Files.writeString(bad, "{\"tag\": \"v2.0.0\"");

        assertThatThrownBy(() -> store.approvals("default", "horadus")).isInstanceOf(StateRefused.class)
                .hasMessageStartingWith(bad + ": not an approval horadus can read (");
    }

    private FileApprovals store() {
        return new FileApprovals(approvals, Clock.fixed(NOW, ZoneOffset.UTC), Optional.of(approvals.getParent()));
    }

    private static StepContext context() {
        var spec = Releases.spec("v2.0.0");
        var approval = new ApprovalSpec();
        approval.setRequired(ApprovalRequirement.Always);
        spec.setApproval(approval);
        var progress = new ReleaseProgress();
        progress.setTag("v2.0.0");
        progress.setCommit(C142);
        return new StepContext(new ReleaseRequest("default/horadus", 1, spec, GitCredentials.NONE, null), progress, new HoradusReleaseStatus(),
                false, NOW, new ArrayList<>());
    }
}
