package io.horadus.demo;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.horadus.api.GateSpec;
import io.horadus.api.HoradusRelease;
import io.horadus.release.notes.ChangelogSection;
import io.horadus.release.notes.TagMessage;
import io.horadus.release.policy.SemanticVersion;
import io.horadus.release.spec.SpecValidator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleProjectTest {

    private static final int PORT = 18123;

    @TempDir
    Path dir;

    @Test
    void everyReleaseIsAnAnnotatedTagOnMainWithNotesInItsMessageAndTheChangelog() throws Exception {
        SampleProject project = SampleProject.create(dir.resolve("sample"), PORT, 7);

        try (Git git = Git.open(project.directory().toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            Repository repository = git.getRepository();
            assertThat(repository.getBranch()).isEqualTo("main");
            RevCommit main = walk.parseCommit(repository.resolve("refs/heads/main"));
            assertThat(git.tagList().call()).extracting(Ref::getName)
                    .containsExactlyInAnyOrder("refs/tags/v1.0.0", "refs/tags/v1.1.0", "refs/tags/v1.2.0");
            for (String tag : List.of("v1.0.0", "v1.1.0", "v1.2.0")) {
                Ref ref = repository.exactRef(Constants.R_TAGS + tag);
                RevTag annotated = walk.parseTag(ref.getObjectId());
                RevCommit commit = walk.parseCommit(annotated.getObject());
                assertThat(walk.isMergedInto(commit, main)).as("%s reachable from main", tag).isTrue();
                String notes = project.release(tag).notes();
                assertThat(TagMessage.body(annotated.getFullMessage())).as("%s's tag message body", tag).hasValue(notes);
                String changelog = file(repository, commit, SampleProject.CHANGELOG);
                assertThat(ChangelogSection.of(changelog, SemanticVersion.of(tag).orElseThrow())).hasValue(notes);
                assertThat(file(repository, commit, "www/version").strip()).isEqualTo(tag);
            }
            walk.reset();
            assertThat(walk.parseCommit(repository.resolve("refs/tags/v1.2.0^{commit}"))).isEqualTo(main);
        }
    }

    @Test
    void onlyV120BreaksAndOnlyAfterItsApiStarted() {
        SampleProject project = SampleProject.create(dir.resolve("sample"), PORT, 7);

        assertThat(project.release("v1.0.0").variant().healthBreaksAfterSeconds()).isZero();
        assertThat(project.release("v1.1.0").variant().healthBreaksAfterSeconds()).isZero();
        assertThat(project.release("v1.2.0").variant().healthBreaksAfterSeconds()).isEqualTo(7);
        assertThat(SampleApp.files(project.release("v1.2.0").variant()).get(SampleApp.COMPOSE_FILE))
                .contains("(sleep 7; rm -f /www/health) &").contains("127.0.0.1:" + PORT);
        assertThatThrownBy(() -> SampleProject.create(dir.resolve("other"), PORT, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleProject.create(project.directory(), PORT, 7)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theManifestIsAValidReleaseOfTheLocalRepositoryWithGatesAndAShortWatch() {
        SampleProject project = SampleProject.create(dir.resolve("sample"), PORT);

        String yaml = project.manifest("horadus-demo", "v1.1.0").yaml();

        HoradusRelease release = Serialization.unmarshal(yaml, HoradusRelease.class);
        assertThat(SpecValidator.problems(release.getSpec())).isEmpty();
        assertThat(release.getMetadata().getName()).isEqualTo("horadus-demo");
        var spec = release.getSpec();
        assertThat(spec.getTag()).isEqualTo("v1.1.0");
        assertThat(spec.getSource().getUrl()).isEqualTo(project.directory().toUri().toString()).startsWith("file:///");
        assertThat(spec.getSource().getBranch()).isEqualTo("main");
        assertThat(spec.getTarget().getProject()).isEqualTo("horadus-demo");
        assertThat(spec.getTarget().getComposeFiles()).containsExactly("docker-compose.prod.yml");
        assertThat(spec.getGates()).extracting(GateSpec::getName).containsExactly("check", "test", "db-upgrade");
        assertThat(spec.getGates()).allSatisfy(g -> assertThat(g.getImage()).isEqualTo(BaseImage.NAME));
        assertThat(spec.getGates()).extracting(GateSpec::getCommand)
                .containsExactly(List.of("sh", "scripts/check.sh"), List.of("sh", "scripts/test.sh"), List.of("sh", "scripts/db-upgrade.sh"));
        assertThat(spec.getRollout().getMigration().getService()).isEqualTo("migrate");
        assertThat(spec.getRollout().getMigration().getProfile()).isEqualTo("ops");
        assertThat(spec.getVerify().getHealthUrl()).isEqualTo("http://127.0.0.1:" + PORT + "/health");
        assertThat(spec.getVerify().getIntervalSeconds()).isEqualTo(5);
        assertThat(spec.getVerify().getFailureThreshold()).isEqualTo(2);
        assertThat(spec.getVerify().getWatchSeconds()).isLessThan(SampleProject.DEFAULT_BREAKS_AFTER_SECONDS);
        assertThat(spec.getRollback().isEnabled()).isTrue();
        assertThat(spec.getReleaseNotes().getChangelog()).isEqualTo("CHANGELOG.md");
    }

    @Test
    void theManifestRefusesWhatAReleaseWouldRefuse() {
        assertThatThrownBy(() -> new ReleaseManifest("horadus-demo", "1.0.0", "file:///tmp/x/", PORT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReleaseManifest("horadus-demo", "v1.0.0", "file:///tmp/a b/", PORT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReleaseManifest("Horadus_demo", "v1.0.0", "file:///tmp/x/", PORT)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ReleaseManifest("horadus-demo", "v1.0.0", "file:///tmp/x/", PORT).withTag("v1.2.0").yaml()).contains("tag: v1.2.0");
    }

    private static String file(Repository repository, RevCommit commit, String path) throws Exception {
        try (var treeWalk = TreeWalk.forPath(repository, path, commit.getTree())) {
            assertThat(treeWalk).as("%s in %s", path, commit.name()).isNotNull();
            return new String(repository.open(treeWalk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }
}
