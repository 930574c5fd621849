package io.horadus.source;

import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.SourceRequest;
import io.horadus.release.port.SourceResult;
import io.horadus.release.port.SourceUnavailableException;
import io.horadus.testing.GitFixture;
import io.horadus.testing.SshGitServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * JGitSource fetching over ssh from a real OpenSSH sshd on loopback ({@link SshGitServer}), with the
 * identity and known_hosts a release's Secret holds: the path a team with a private git server uses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JGitSourceSshIT {

    private Path tmp;
    private SshGitServer sshd;
    private GitFixture git;
    private String sha;

    @BeforeAll
    void startSshd() throws Exception {
        tmp = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), "jgitsource-ssh-");
        sshd = SshGitServer.start(tmp.resolve("sshd"));
        git = GitFixture.create(tmp.resolve("repo"));
        sha = git.commit(Map.of("compose.yaml", "services: {}\n"), "first");
        git.annotatedTag("v1.0.0", "Release 1.0.0\n\nOver ssh.\n");
    }

    @AfterAll
    void stopSshd() throws Exception {
        if (git != null) {
            git.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    private Path workRoot;

    @BeforeEach
    void freshWorkArea() throws Exception {
        workRoot = Files.createTempDirectory(tmp, "work-area-");
    }

    private SourceRequest request(GitCredentials credentials) {
        return new SourceRequest("apps/horadus", sshd.url(git.barePath()), "main", credentials, "v1.0.0", Optional.empty());
    }

    @Test
    @DisplayName("a tag is fetched, checked and checked out over ssh with the Secret's identity and known_hosts")
    void resolvesATagOverSsh() throws Exception {
        var credentials = new GitCredentials(null, null, sshd.clientIdentity(), sshd.knownHosts());

        var result = new JGitSource(workRoot).resolve(request(credentials));

        assertThat(result).isInstanceOfSatisfying(SourceResult.Resolved.class, resolved -> {
            assertThat(resolved.commit()).isEqualTo(sha);
            assertThat(resolved.message()).isEqualTo("Release 1.0.0\n\nOver ssh.\n");
            assertThat(resolved.worktree().resolve("compose.yaml")).hasContent("services: {}");
        });
        // The fetch went through this sshd, authenticated by the Secret's key.
        assertThat(sshd.log()).contains("Accepted publickey for " + System.getProperty("user.name"));
        try (var left = Files.list(workRoot.resolve("apps_horadus/ssh"))) {
            assertThat(left).as("key material left on disk").isEmpty();
        }
    }

    @Test
    @DisplayName("a host presenting another key than known_hosts names is refused, with a message saying so and no key in it")
    void hostKeyMismatchIsRefused() {
        var credentials = new GitCredentials(null, null, sshd.clientIdentity(), sshd.wrongKnownHosts());

        var e = catchThrowableOfType(() -> new JGitSource(workRoot).resolve(request(credentials)), SourceUnavailableException.class);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("cannot fetch " + sshd.url(git.barePath()), "Server key did not validate");
        assertThat(printed(e)).doesNotContain(keyBody(sshd.clientIdentity()));
        assertThat(workRoot.resolve("apps_horadus/mirror.git/refs/tags/v1.0.0")).doesNotExist();
    }

    /** The longest line of a private key's body: never to be printed. */
    private static String keyBody(String identity) {
        return identity.lines().filter(l -> !l.startsWith("-----")).max((a, b) -> Integer.compare(a.length(), b.length())).orElseThrow();
    }

    private static String printed(Throwable e) {
        var out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return e.getMessage() + "\n" + out;
    }
}
