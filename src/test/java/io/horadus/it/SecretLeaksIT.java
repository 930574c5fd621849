package io.horadus.it;

import com.sun.net.httpserver.HttpServer;
import io.horadus.api.HttpProbeSpec;
import io.horadus.api.ProjectFileSpec;
import io.horadus.testing.LoopbackPorts;
import io.horadus.testing.SshGitServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of Secret a release can name, each holding a sentinel, on the paths where secrets leak:
 * failures, whose messages quote what the library saw. A git token refused by an https remote, a token
 * written into the source URL itself, an ssh identity that is no key, Docker TLS material that is no
 * PEM, and beside them the project's .env and variables and the probes' headers. None of the sentinels
 * may appear in status (command lines of status.lastCommand included), in an Event or in the log.
 * The successful paths are covered where they run for real: .env and variables in ProjectSecretsIT and
 * HoradusShapedIT, probe headers in ProbeChecksIT, TLS material in RemoteEngineIT, ssh in JGitSourceSshIT.
 */
class SecretLeaksIT extends OperatorHarness {

    private static final String GIT_TOKEN = "sentinel-leak-git-token-3141";
    private static final String URL_TOKEN = "sentinel-leak-url-token-2718";
    private static final String SSH_KEY_LINE = "sentinelLeakSshKeyMaterial1618033988749894848204586834365638117720";
    private static final String TLS_KEY_LINE = "sentinelLeakTlsKeyMaterial5772156649015328606065120900824024310421";
    private static final String TLS_CERT_LINE = "sentinelLeakTlsCertMaterial1414213562373095048801688724209698078569";
    private static final String ENV_VALUE = "sentinel-leak-env-value-6931";
    private static final String VARIABLE_VALUE = "sentinel-leak-variable-1732";
    private static final String HEADER_VALUE = "sentinel-leak-header-value-2236";
    private static final List<String> SENTINELS = List.of(GIT_TOKEN, URL_TOKEN, SSH_KEY_LINE, TLS_KEY_LINE, TLS_CERT_LINE,
            ENV_VALUE, VARIABLE_VALUE, HEADER_VALUE);

    /** A git remote over http that wants credentials: every request gets 401, as a private repository answers. */
    private HttpServer remote;
    /** A real sshd, so the bad identity is offered and read, not stopped by a refused connection first. */
    private SshGitServer sshd;

    @AfterAll
    void stopRemotes() throws InterruptedException {
        if (remote != null) {
            remote.stop(0);
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    @DisplayName("sentinels in a git token, a URL, an ssh key, Docker TLS material, .env, variables and probe headers never show, failures included")
    void noSentinelAnywhere() throws Exception {
        remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        remote.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"horadus\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        remote.start();
        var remoteUrl = "http://127.0.0.1:" + remote.getAddress().getPort() + "/horadus/horadus.git";

        sshd = SshGitServer.start(Files.createDirectories(scratch.resolve("sshd")));
        var sshRepository = repositoryWith(app().ok("v1.0.0"));

        secret("leak-git-token", Map.of("username", "x-access-token", "token", GIT_TOKEN));
        secret("leak-git-ssh", Map.of(
                "identity", "-----BEGIN OPENSSH PRIVATE KEY-----\n" + SSH_KEY_LINE + "\n-----END OPENSSH PRIVATE KEY-----\n",
                "known_hosts", sshd.knownHosts()));
        secret("leak-docker-tls", Map.of(
                "ca.pem", "-----BEGIN CERTIFICATE-----\n" + TLS_CERT_LINE + "\n-----END CERTIFICATE-----\n",
                "cert.pem", "-----BEGIN CERTIFICATE-----\n" + TLS_CERT_LINE + "\n-----END CERTIFICATE-----\n",
                "key.pem", "-----BEGIN PRIVATE KEY-----\n" + TLS_KEY_LINE + "\n-----END PRIVATE KEY-----\n"));
        secret("leak-env", Map.of("env", "DATABASE_URL=postgres://horadus:" + ENV_VALUE + "@db:5432/horadus\n"));
        secret("leak-variables", Map.of("POSTGRES_PASSWORD", VARIABLE_VALUE));
        secret("leak-headers", Map.of("X-API-Key", HEADER_VALUE));

        var app = app();
        // A token refused by the remote.
        releases.create("token", "v1.0.0", remoteUrl, app.project(), app.ok("v1.0.0"),
                spec -> spec.getSource().setSecretRef("leak-git-token"));
        // A token in the URL itself: the spec holds it, the operator must never repeat it.
        releases.create("url-token", "v1.0.0", remoteUrl.replace("http://", "http://x-access-token:" + URL_TOKEN + "@"),
                app.project(), app.ok("v1.0.0"), spec -> { });
        // An ssh identity that is no key, offered to a real sshd that knows its host key.
        releases.create("ssh", "v1.0.0", sshd.url(sshRepository.barePath()), app.project(), app.ok("v1.0.0"),
                spec -> spec.getSource().setSecretRef("leak-git-ssh"));
        // A resolvable tag, then TLS material that is no PEM for a tcp:// engine; .env, variables and probe
        // headers ride along, read at every reconcile.
        var git = repositoryWith(app.ok("v1.0.0"));
        releases.create("tls", "v1.0.0", git.url(), app.project(), app.ok("v1.0.0"), spec -> {
            spec.getTarget().setDockerHost("tcp://127.0.0.1:" + LoopbackPorts.free());
            spec.getTarget().setTlsSecretRef("leak-docker-tls");
            spec.getTarget().setFiles(List.of(new ProjectFileSpec(".env", "leak-env", "env")));
            spec.getTarget().setVariablesSecretRef("leak-variables");
            var http = new HttpProbeSpec();
            http.setHeadersSecretRef("leak-headers");
            spec.getVerify().setHttp(http);
        });

        for (var name : List.of("token", "url-token", "ssh", "tls")) {
            await().atMost(Duration.ofMinutes(2)).until(() -> releases.condition(name, "Ready")
                    .map(c -> "False".equals(c.getStatus()) || "Unknown".equals(c.getStatus()) && c.getReason() != null
                            && !c.getReason().equals("Resolving")).orElse(false)
                    && releases.condition(name, "Ready").map(c -> c.getMessage() != null && !c.getMessage().isBlank()).orElse(false));
        }
        // A few more attempts each (backoff retries), so that every path has written what it writes.
        Thread.sleep(5_000);

        for (var name : List.of("token", "url-token", "ssh", "tls")) {
            var ready = releases.condition(name, "Ready").orElseThrow();
            System.out.printf("SecretLeaksIT %s: Ready=%s %s: %s%n", name, ready.getStatus(), ready.getReason(), ready.getMessage());
        }
        assertThat(releases.condition("url-token", "Ready").orElseThrow().getMessage())
                .as("the remote is named, its password part hidden").doesNotContain(URL_TOKEN);
        SecretLeaks.assertNowhere(cluster, operator, SENTINELS);
    }
}
