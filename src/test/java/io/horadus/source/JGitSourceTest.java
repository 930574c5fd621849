package io.horadus.source;

import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.SourceRefusal;
import io.horadus.release.port.SourceRefusedException;
import io.horadus.release.port.SourceRequest;
import io.horadus.release.port.SourceResult;
import io.horadus.release.port.SourceUnavailableException;
import io.horadus.testing.GitFixture;
import io.horadus.testing.LoopbackPorts;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** JGitSource against real repositories made by GitFixture under target/. */
class JGitSourceTest {

    private static final String KEY = "apps/horadus";
    private static final String TOKEN = "ghp_s3cr3tT0kenValue1234567890";
    private static final String KEY_MATERIAL = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW";

    private Path tmp;

    private GitFixture git;
    private Path workRoot;
    private JGitSource source;

    @BeforeEach
    void setUp() throws IOException {
        // Under java.io.tmpdir, which the pom points at target/, so a failed run leaves its repositories to inspect.
        tmp = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), "jgitsource-");
        git = GitFixture.create(tmp.resolve("repo"));
        workRoot = tmp.resolve("work-area");
        source = new JGitSource(workRoot);
    }

    @AfterEach
    void tearDown() throws IOException {
        git.close();
        FileUtils.delete(tmp.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
    }

    private SourceRequest request(String tag) {
        return request(git.url(), "main", GitCredentials.NONE, tag, Optional.empty());
    }

    private SourceRequest request(String url, String branch, GitCredentials credentials, String tag, Optional<String> recorded) {
        return new SourceRequest(KEY, url, branch, credentials, tag, recorded);
    }

    private SourceResult.Resolved resolved(SourceRequest request) {
        SourceResult result = source.resolve(request);
        assertThat(result).isInstanceOf(SourceResult.Resolved.class);
        return (SourceResult.Resolved) result;
    }

    private SourceResult.Refused refused(SourceRequest request, SourceRefusal reason) {
        SourceResult result = source.resolve(request);
        assertThat(result).isInstanceOf(SourceResult.Refused.class);
        SourceResult.Refused refused = (SourceResult.Refused) result;
        assertThat(refused.reason()).isEqualTo(reason);
        assertThat(refused.message()).doesNotContain("\n");
        return refused;
    }

    @Test
    void resolvesAnnotatedTagOnMain() throws IOException {
        git.commit(Map.of("compose.yaml", "services: {}\n"), "first");
        String sha = git.commit(Map.of("compose.yaml", "services:\n  api: {}\n", "config/app.env", "A=1\n"), "second");
        git.annotatedTag("v1.0.0", "Release 1.0.0\n\nFirst release.\n");

        SourceResult.Resolved r = resolved(request("v1.0.0"));

        assertThat(r.tag()).isEqualTo("v1.0.0");
        assertThat(r.commit()).isEqualTo(sha);
        assertThat(r.message()).isEqualTo("Release 1.0.0\n\nFirst release.\n");
        assertThat(r.worktree()).isEqualTo(workRoot.resolve("apps_horadus/worktrees/v1.0.0-" + sha.substring(0, 12)).toAbsolutePath());
        assertThat(r.worktree().resolve("compose.yaml")).hasContent("services:\n  api: {}");
        assertThat(r.worktree().resolve("config/app.env")).hasContent("A=1");
        assertThat(Files.readString(r.worktree().resolve(".git/HEAD")).strip()).isEqualTo(sha);
        assertThat(workRoot.resolve("apps_horadus/mirror.git/HEAD")).isRegularFile();
        assertThat(workRoot.resolve("apps_horadus/ssh")).doesNotExist();
    }

    @Test
    void recordedCommitThatMatchesIsResolved() {
        String sha = git.commit(Map.of("a", "1"), "first");
        git.annotatedTag("v1", "one");

        assertThat(resolved(request(git.url(), "main", GitCredentials.NONE, "v1", Optional.of(sha))).commit()).isEqualTo(sha);
    }

    @Test
    void missingTagIsTagNotFound() {
        git.commit(Map.of("a", "1"), "first");
        git.annotatedTag("v1", "one");

        assertThat(refused(request("v2"), SourceRefusal.TagNotFound).message()).contains("'v2'");
    }

    @Test
    void lightweightTagIsTagNotAnnotated() {
        String sha = git.commit(Map.of("a", "1"), "first");
        git.lightweightTag("v1");

        assertThat(refused(request("v1"), SourceRefusal.TagNotAnnotated).message()).contains("'v1'", sha);
    }

    @Test
    void tagOnUnmergedBranchIsTagNotOnBranch() {
        String main = git.commit(Map.of("a", "1"), "first");
        String side = git.commitOnSideBranch("feature", Map.of("b", "2"), "side work");
        git.annotatedTagAt("v1", side, "from a side branch");

        assertThat(refused(request("v1"), SourceRefusal.TagNotOnBranch).message()).contains("'v1'", side, "'main'", main);
    }

    @Test
    void movedTagIsTagMovedAndSeenByTheFetch() {
        String first = git.commit(Map.of("a", "1"), "first");
        git.annotatedTag("v1", "one");
        assertThat(resolved(request("v1")).commit()).isEqualTo(first);

        String second = git.commit(Map.of("a", "2"), "second");
        git.moveTag("v1", second, "one, again");

        assertThat(refused(request(git.url(), "main", GitCredentials.NONE, "v1", Optional.of(first)), SourceRefusal.TagMoved).message())
                .contains("'v1'", first, second);
        SourceResult.Resolved again = resolved(request("v1"));
        assertThat(again.commit()).isEqualTo(second);
        assertThat(again.message()).isEqualTo("one, again");
    }

    @Test
    void missingBranchIsBranchNotFoundBeforeTheTagIsLookedAt() {
        git.commit(Map.of("a", "1"), "first");

        assertThat(refused(request(git.url(), "release", GitCredentials.NONE, "nope", Optional.empty()), SourceRefusal.BranchNotFound)
                .message()).contains("'release'");
    }

    @Test
    void deletedTagIsPrunedFromTheMirror() throws IOException {
        git.commit(Map.of("a", "1"), "first");
        git.annotatedTag("v1", "one");
        resolved(request("v1"));
        FileUtils.delete(git.barePath().resolve("refs/tags/v1").toFile());

        refused(request("v1"), SourceRefusal.TagNotFound);
    }

    @Test
    void secondResolveReusesTheWorktree() throws IOException {
        git.commit(Map.of("compose.yaml", "services: {}\n"), "first");
        git.annotatedTag("v1", "one");

        long t0 = System.nanoTime();
        Path first = resolved(request("v1")).worktree();
        long t1 = System.nanoTime();
        Object identity = Files.readAttributes(first, BasicFileAttributes.class).fileKey();
        Path second = resolved(request("v1")).worktree();
        long t2 = System.nanoTime();

        assertThat(second).isEqualTo(first);
        assertThat(Files.readAttributes(second, BasicFileAttributes.class).fileKey()).isEqualTo(identity);
        System.out.printf("resolve timings: first %d ms, repeated %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    @Test
    void worktreeRecreatesADeletedCheckout() throws IOException {
        String sha = git.commit(Map.of("compose.yaml", "services: {}\n"), "first");
        git.annotatedTag("v1", "one");
        Path dir = resolved(request("v1")).worktree();
        FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE);

        Path again = source.worktree(request("v1"), sha);

        assertThat(again).isEqualTo(dir);
        assertThat(again.resolve("compose.yaml")).hasContent("services: {}");
    }

    @Test
    void worktreeOfANewWorkAreaFetchesFirst() {
        String sha = git.commit(Map.of("compose.yaml", "services: {}\n"), "first");
        git.annotatedTag("v1", "one");

        // As after a move to a new pod: nothing in the work area yet.
        Path dir = source.worktree(request("v1"), sha);

        assertThat(dir.resolve("compose.yaml")).hasContent("services: {}");
    }

    @Test
    void worktreeOfACommitTheRemoteDoesNotHaveIsCommitGone() {
        git.commit(Map.of("a", "1"), "first");
        String unknown = "0123456789abcdef0123456789abcdef01234567";

        SourceRefusedException e = catchThrowableOfType(SourceRefusedException.class, () -> source.worktree(request("v1"), unknown));
        assertThat(e.refusal().reason()).isEqualTo(SourceRefusal.CommitGone);
        assertThat(e.refusal().message()).contains(unknown).contains("no longer in").doesNotContain("\n");
    }

    @Test
    void worktreeOfAnUnreachableRemoteStaysUnavailable() {
        String sha = git.commit(Map.of("a", "1"), "first");
        String nowhere = "http://127.0.0.1:" + LoopbackPorts.free() + "/nothing.git";

        assertThatThrownBy(() -> source.worktree(request(nowhere, "main", GitCredentials.NONE, "v1", Optional.of(sha)), sha))
                .isInstanceOf(SourceUnavailableException.class)
                .isNotInstanceOf(SourceRefusedException.class);
    }

    /** A released commit only a side branch and its tag held; both deleted on the remote. */
    @Test
    void releasedCommitGoneWithItsTagIsCommitGoneForResolveAndWorktree() throws IOException {
        git.commit(Map.of("a", "1"), "first");
        String sha = git.commitOnSideBranch("hotfix", Map.of("compose.yaml", "services: {}\n"), "hotfix");
        git.annotatedTagAt("v1", sha, "one");
        assertThat(source.worktree(request("v1"), sha).resolve("compose.yaml")).hasContent("services: {}");
        FileUtils.delete(git.barePath().resolve("refs/tags/v1").toFile());
        FileUtils.delete(git.barePath().resolve("refs/heads/hotfix").toFile());

        // The old mirror still has the object after its pruning fetch: reachability decides.
        SourceResult.Refused refusal = refused(request(git.url(), "main", GitCredentials.NONE, "v1", Optional.of(sha)), SourceRefusal.CommitGone);
        assertThat(refusal.message()).contains("'v1'").contains(sha);

        // A new pod: an empty work area fetches and cannot find the commit.
        JGitSource fresh = new JGitSource(tmp.resolve("new-pod"));
        SourceRefusedException e = catchThrowableOfType(SourceRefusedException.class, () -> fresh.worktree(request("v1"), sha));
        assertThat(e.refusal().reason()).isEqualTo(SourceRefusal.CommitGone);
    }

    @Test
    void deletedTagWhoseCommitIsStillOnTheBranchIsTagNotFound() throws IOException {
        String sha = git.commit(Map.of("a", "1"), "first");
        git.annotatedTag("v1", "one");
        resolved(request("v1"));
        FileUtils.delete(git.barePath().resolve("refs/tags/v1").toFile());

        refused(request(git.url(), "main", GitCredentials.NONE, "v1", Optional.of(sha)), SourceRefusal.TagNotFound);
    }

    @Test
    void onlyTheMostRecentlyUsedCheckoutsAreKept() throws IOException {
        Map<String, String> shas = new java.util.HashMap<>();
        for (int i = 1; i <= 6; i++) {
            shas.put("v" + i, git.commit(Map.of("compose.yaml", "# v" + i + "\n"), "release " + i));
            git.annotatedTag("v" + i, "release " + i);
            resolved(request("v" + i));
        }
        assertThat(checkoutTags()).containsExactlyInAnyOrder("v3", "v4", "v5", "v6");

        // A rollback to v1: its checkout is re-created, and counts as used.
        assertThat(source.worktree(request("v1"), shas.get("v1")).resolve("compose.yaml")).hasContent("# v1");
        git.commit(Map.of("compose.yaml", "# v7\n"), "release 7");
        git.annotatedTag("v7", "release 7");
        resolved(request("v7"));

        assertThat(checkoutTags()).containsExactlyInAnyOrder("v1", "v5", "v6", "v7");
        assertThat(JGitSource.KEPT_CHECKOUTS).isGreaterThanOrEqualTo(4);
    }

    private List<String> checkoutTags() throws IOException {
        try (var entries = Files.list(workRoot.resolve(SafeName.of(KEY)).resolve("worktrees"))) {
            return entries.map(p -> p.getFileName().toString().replaceAll("-[0-9a-f]{12}$", "")).toList();
        }
    }

    /** A modified checkout is repaired (re-created), not reported as DirtyTree: the work area is the operator's own. */
    @Test
    void modifiedCheckoutIsRecreatedByResolveAndWorktree() throws IOException {
        String sha = git.commit(Map.of("compose.yaml", "services: {}\n"), "first");
        git.annotatedTag("v1", "one");
        Path dir = resolved(request("v1")).worktree();

        Files.writeString(dir.resolve("compose.yaml"), "tampered\n");
        Files.writeString(dir.resolve("extra.yaml"), "untracked\n");
        assertThat(resolved(request("v1")).worktree()).isEqualTo(dir);
        assertThat(dir.resolve("compose.yaml")).hasContent("services: {}");
        assertThat(dir.resolve("extra.yaml")).doesNotExist();

        Files.delete(dir.resolve("compose.yaml"));
        assertThat(source.worktree(request("v1"), sha)).isEqualTo(dir);
        assertThat(dir.resolve("compose.yaml")).hasContent("services: {}");
    }

    /**
     * DirtyTree is returned when a fresh checkout is itself not clean; no repository content makes
     * JGit produce that deterministically, so the check behind it is tested on a checkout directly.
     */
    @Test
    void changesOfACheckoutAreListedOnOneLine() throws IOException {
        String sha = git.commit(Map.of("compose.yaml", "services: {}\n", "b.env", "B=1\n"), "first");
        git.annotatedTag("v1", "one");
        Path dir = resolved(request("v1")).worktree();
        assertThat(Checkouts.changes(dir)).isEmpty();

        Files.writeString(dir.resolve("compose.yaml"), "tampered\n");
        Files.delete(dir.resolve("b.env"));
        Files.writeString(dir.resolve("extra.yaml"), "untracked\n");

        assertThat(Checkouts.changes(dir)).isEqualTo("modified compose.yaml, missing b.env, untracked extra.yaml");
        assertThat(Checkouts.isCleanAt(dir, org.eclipse.jgit.lib.ObjectId.fromString(sha))).isFalse();
    }

    /**
     * A checkout that fails half-way (a full disk in production; here its commit is missing from the mirror,
     * which fails after the temporary tree was started) leaves no temporary tree holding the space.
     */
    @Test
    void aCheckoutThatFailsHalfWayLeavesNoPartialTree() throws IOException {
        git.commit(Map.of("compose.yaml", "services: {}\n"), "first");
        git.annotatedTag("v1", "one");
        Path worktrees = resolved(request("v1")).worktree().getParent();
        Path dir = worktrees.resolve("v2-000000000000");

        try (var mirror = Mirror.open(worktrees.resolveSibling("mirror.git"))) {
            assertThatThrownBy(() -> Checkouts.create(mirror, dir, org.eclipse.jgit.lib.ObjectId.fromString("0123456789abcdef0123456789abcdef01234567")))
                    .isInstanceOf(IOException.class);
        }

        try (var entries = Files.list(worktrees)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(worktrees.relativize(resolved(request("v1")).worktree()).toString());
        }
    }

    @Test
    void aRemoteThatNeverAnswersIsUnavailableAfterTheTimeoutNamingIt() throws IOException {
        try (var silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // Accepted by the kernel's backlog, never read from nor answered.
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/repo.git";
            var quick = new JGitSource(workRoot, java.time.Duration.ofSeconds(1));

            assertThatThrownBy(() -> quick.resolve(request(url, "main", GitCredentials.NONE, "v1", Optional.empty())))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageStartingWith("cannot fetch " + url + ": no answer within 1 s (the git timeout)");
        }
    }

    @Test
    void unreachableRepositoryIsUnavailable() {
        String missing = tmp.resolve("no-such-repo.git").toUri().toString();

        assertThatThrownBy(() -> source.resolve(request(missing, "main", GitCredentials.NONE, "v1", Optional.empty())))
                .isInstanceOf(SourceUnavailableException.class).hasMessageContaining("no-such-repo.git");
    }

    @Test
    void tokenNeverAppearsInTheFailure() throws IOException {
        String url = "https://127.0.0.1:" + LoopbackPorts.free() + "/org/app.git";
        GitCredentials token = new GitCredentials("deploy", TOKEN, null, null);

        SourceUnavailableException e = catchThrowableOfType(
                () -> source.resolve(request(url, "main", token, "v1", Optional.empty())), SourceUnavailableException.class);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("127.0.0.1");
        assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
    }

    @Test
    void passwordInTheUrlIsRedacted() throws IOException {
        String url = "https://deploy:" + TOKEN + "@127.0.0.1:" + LoopbackPorts.free() + "/org/app.git";

        SourceUnavailableException e = catchThrowableOfType(
                () -> source.resolve(request(url, "main", GitCredentials.NONE, "v1", Optional.empty())), SourceUnavailableException.class);

        assertThat(e.getMessage()).contains("deploy:***@127.0.0.1");
        assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
    }

    @Test
    void sshFailureShowsNoKeyAndLeavesNoKeyOnDisk() throws IOException {
        String url = "ssh://git@127.0.0.1:" + LoopbackPorts.free() + "/org/app.git";
        String identity = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + KEY_MATERIAL + "\n-----END OPENSSH PRIVATE KEY-----\n";
        GitCredentials ssh = new GitCredentials(null, null, identity, "[127.0.0.1]:22 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample\n");

        SourceUnavailableException e = catchThrowableOfType(
                () -> source.resolve(request(url, "main", ssh, "v1", Optional.empty())), SourceUnavailableException.class);

        assertThat(e).isNotNull();
        assertThat(everythingPrinted(e)).doesNotContain(KEY_MATERIAL);
        Path sshDir = workRoot.resolve("apps_horadus/ssh");
        assertThat(sshDir).isDirectory();
        try (var files = Files.list(sshDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void sshMaterialIsWrittenPrivatelyWhileInUse() throws IOException {
        GitCredentials ssh = new GitCredentials(null, null, "-----BEGIN KEY-----\n" + KEY_MATERIAL + "\n-----END KEY-----", "host ssh-ed25519 AAAA");
        Path dir = tmp.resolve("ssh");

        try (RemoteAccess access = RemoteAccess.open(ssh, dir)) {
            assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            for (String name : List.of(RemoteAccess.IDENTITY, RemoteAccess.KNOWN_HOSTS, RemoteAccess.CONFIG)) {
                assertThat(Files.getPosixFilePermissions(dir.resolve(name))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }
            assertThat(dir.resolve(RemoteAccess.IDENTITY)).content().contains(KEY_MATERIAL).endsWith("\n");
            assertThat(dir.resolve(RemoteAccess.KNOWN_HOSTS)).hasContent("host ssh-ed25519 AAAA");
            assertThat(dir.resolve(RemoteAccess.CONFIG)).content().contains("StrictHostKeyChecking yes")
                    // IdentitiesOnly makes JGit offer only the files IdentityFile names: without the line, no key at all.
                    .contains("IdentitiesOnly yes", "IdentityFile \"" + dir.resolve(RemoteAccess.IDENTITY).toAbsolutePath() + "\"");
            assertThat(access.toString()).doesNotContain(KEY_MATERIAL);
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void credentialsAreNotPrinted() {
        assertThat(new Redactor(new GitCredentials("u", TOKEN, null, null)).text("token " + TOKEN + " at https://u:" + TOKEN + "@h/r"))
                .isEqualTo("token *** at https://u:***@h/r");
    }

    @Test
    void differentReleaseKeysResolveInParallel() {
        git.commit(Map.of("a", "1"), "first");
        git.annotatedTag("v1", "one");
        List<CompletableFuture<SourceResult>> runs = List.of("ns/a", "ns/b", "ns/c", "other/a").stream()
                .map(key -> CompletableFuture.supplyAsync(() -> source.resolve(
                        new SourceRequest(key, git.url(), "main", GitCredentials.NONE, "v1", Optional.empty()))))
                .toList();

        assertThat(runs).allSatisfy(run -> assertThat(run.join()).isInstanceOf(SourceResult.Resolved.class));
        assertThat(workRoot.resolve("ns_a")).isDirectory();
        assertThat(workRoot.resolve("other_a")).isDirectory();
    }

    @Test
    void safeNamesKeepKeysApart() {
        assertThat(SafeName.of("ns/name")).isEqualTo("ns_name");
        assertThat(SafeName.of("ns_name")).isEqualTo("ns%5Fname");
        assertThat(SafeName.of("..")).isEqualTo("%2E.");
        assertThat(SafeName.of("release/v1.2")).isEqualTo("release_v1.2");
        assertThat(SafeName.of("x".repeat(300))).hasSizeLessThan(130);
        assertThat(SafeName.of("x".repeat(300))).isNotEqualTo(SafeName.of("x".repeat(301)));
    }

    // --- changedPaths: the files between two released commits, for the gates' path conditions

    private String released(String tag) {
        git.annotatedTag(tag, tag);
        return resolved(request(tag)).commit();
    }

    @Test
    void changedPathsListsAddedModifiedAndDeletedFilesWithNestedPaths() {
        git.commit(Map.of("README.md", "readme\n", "app/models/user.py", "class User: pass\n", "docs/old.md", "old\n"), "first");
        String from = released("v1");
        git.commit(Map.of("app/models/user.py", "class User:\n    name = ''\n", "app/migrations/0002_add_name.py", "up\n"), "second");
        git.deleteFiles(List.of("docs/old.md"), "third");
        String to = released("v2");

        assertThat(source.changedPaths(request("v2"), from, to)).contains(
                List.of("app/migrations/0002_add_name.py", "app/models/user.py", "docs/old.md"));
    }

    @Test
    void changedPathsNamesBothSidesOfARename() {
        String body = "def check():\n    return True\n".repeat(20);
        git.commit(Map.of("tools/lint_check.py", body, "keep.txt", "same\n"), "first");
        String from = released("v1");
        git.deleteFiles(List.of("tools/lint_check.py"), "move away");
        git.commit(Map.of("scripts/checks/lint.py", body), "move here");
        String to = released("v2");

        assertThat(source.changedPaths(request("v2"), from, to)).contains(List.of("scripts/checks/lint.py", "tools/lint_check.py"));
    }

    @Test
    void changedPathsOfARenameWithEditsStillNamesBothSides() {
        String body = "line\n".repeat(50);
        git.commit(Map.of("a/one.txt", body), "first");
        String from = released("v1");
        git.deleteFiles(List.of("a/one.txt"), "move");
        git.commit(Map.of("b/two.txt", body + "one more line\n"), "moved with an edit");
        String to = released("v2");

        assertThat(source.changedPaths(request("v2"), from, to)).contains(List.of("a/one.txt", "b/two.txt"));
    }

    @Test
    void changedPathsOfTheSameCommitIsEmpty() {
        git.commit(Map.of("a", "1"), "first");
        String commit = released("v1");

        assertThat(source.changedPaths(request("v1"), commit, commit)).contains(List.of());
    }

    @Test
    void changedPathsOfCommitsWithIdenticalTreesIsEmpty() {
        git.commit(Map.of("a", "1"), "first");
        String from = released("v1");
        git.commit(Map.of("a", "1"), "nothing changed");
        String to = released("v2");

        assertThat(to).isNotEqualTo(from);
        assertThat(source.changedPaths(request("v2"), from, to)).contains(List.of());
    }

    @Test
    void changedPathsFromACommitTheRepositoryDoesNotHaveIsUnknown() {
        git.commit(Map.of("a", "1"), "first");
        String to = released("v1");

        assertThat(source.changedPaths(request("v1"), "0123456789abcdef0123456789abcdef01234567", to)).isEmpty();
    }

    @Test
    void changedPathsBeforeAnyResolveIsUnknown() {
        String first = git.commit(Map.of("a", "1"), "first");
        String second = git.commit(Map.of("a", "2"), "second");

        assertThat(source.changedPaths(request("v1"), first, second)).isEmpty();
    }

    @Test
    void changedPathsAcceptsUpperCaseIdsAndRefusesShortOnes() {
        git.commit(Map.of("a", "1"), "first");
        String from = released("v1");
        git.commit(Map.of("a", "2"), "second");
        String to = released("v2");

        assertThat(source.changedPaths(request("v2"), from.toUpperCase(), to.toUpperCase())).contains(List.of("a"));
        assertThatThrownBy(() -> source.changedPaths(request("v2"), from.substring(0, 12), to))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String everythingPrinted(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out + e.toString();
    }
}
