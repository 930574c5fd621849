package io.horadus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.horadus.demo.BaseImage;
import io.horadus.demo.SampleApp;
import io.horadus.demo.SampleProject;
import io.horadus.it.HostProbe;
import io.horadus.testing.GitFixture;
import io.horadus.testing.HoradusProcess;
import io.horadus.testing.HoradusShapedApp;
import io.horadus.testing.LoopbackPorts;
import io.horadus.testing.MigrationLog;
import io.horadus.testing.WebhookServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged {@code horadus} command line as a person with one compose host runs it: its exit codes,
 * what it prints, the state file it leaves, and what runs on a real Docker engine with compose v1.
 * Each test has a state directory, a compose project and an API port of its own; the host is cleaned of
 * every project and image afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandLineIT {

    private static final Duration RELEASE = Duration.ofMinutes(4);
    private static final Duration QUICK = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DB_PASSWORD = "sentinel-cli-db-pw-4417";
    private static final String SECRET_KEY = "sentinel-cli-secret-key-8832";
    private static final String API_KEY = "sentinel-cli-api-key-1290";
    private static final String ADMIN_KEY = "sentinel-cli-admin-key-6075";
    /** The steps from the rollout on, in the engine's order: the migration is behind them. */
    private static final Set<String> AFTER_MIGRATION = Set.of("RollOut", "Verify", "Done");

    private Path scratch;
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final Set<Integer> ports = new HashSet<>();
    private final List<Runnable> cleanups = new ArrayList<>();
    /** The demo's repository (v1.0.0, v1.1.0, v1.2.0), for the tests that stop before a rollout. */
    private SampleProject sample;

    @BeforeAll
    void setUp() throws Exception {
        BaseImage.ensure();
        scratch = Files.createDirectories(Path.of("target", "it", "CommandLineIT-" + run)).toAbsolutePath();
        sample = SampleProject.create(scratch.resolve("sample"), port());
    }

    @AfterAll
    void cleanHost() {
        // Gate containers an apply ended by --timeout or SIGTERM leaves (kept for the resume to look at) carry no compose label.
        cleanups.add(() -> HostProbe.docker("ps", "-aq", "--filter", "name=-" + run + "-gate-").lines().filter(id -> !id.isBlank())
                .forEach(id -> HostProbe.docker("rm", "-f", id)));
        for (var cleanup : cleanups) {
            try {
                cleanup.run();
            } catch (RuntimeException e) {
                System.err.println("host clean-up failed: " + e);
            }
        }
    }

    // 1 ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("apply releases the Horadus-shaped app to Ready (.env from secrets/, keyed health); get, describe and history show it")
    void applyThenRead() throws Exception {
        var name = name("shaped");
        var port = port();
        var horadus = horadus(name);
        secretFile(horadus, "shaped-env", "env", HoradusShapedApp.envFile(DB_PASSWORD, SECRET_KEY, "production", API_KEY, ADMIN_KEY), "rw-------");
        secretFile(horadus, "shaped-keys", "X-API-Key", API_KEY, "rw-------");
        var v100 = HoradusShapedApp.Variant.ok("v1.0.0", port, 1);
        var manifest = write(name + ".yaml", shapedYaml(name, shapedRepository(name, v100), v100));

        var apply = horadus.run(RELEASE, "apply", "-f", manifest.toString());

        assertThat(apply.exitCode()).as("%s", apply).isEqualTo(0);
        assertThat(apply.stderr()).contains("✔ gate check", "► migrate", "► rollout", "✔ v1.0.0 is Ready");
        assertThat(get(v100.keyedHealthUrl(), null)).as("without the key the api refuses its health page").isNull();
        assertThat(get(v100.keyedHealthUrl(), API_KEY)).startsWith("ok v1.0.0");
        assertThat(HostProbe.running(name)).extracting(line -> line.split(" ")[0]).containsExactly("api", "beat", "db", "redis", "worker");

        var table = horadus.run(QUICK, "get");
        assertThat(table.exitCode()).as("%s", table).isEqualTo(0);
        var lines = table.stdout().lines().toList();
        assertThat(lines.get(0).split("\\s{2,}")).containsExactly("NAME", "DESIRED", "CURRENT", "LAST GOOD", "PHASE", "READY", "AGE");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).split("\\s+")).startsWith(name, "v1.0.0", "v1.0.0", "v1.0.0", "Ready", "True");

        var json = horadus.run(QUICK, "get", name, "-o", "json");
        assertThat(json.exitCode()).as("%s", json).isEqualTo(0);
        var document = JSON.readTree(json.stdout());
        assertThat(document.path("kind").asText()).isEqualTo("HoradusRelease");
        assertThat(document.path("status").path("phase").asText()).isEqualTo("Ready");
        assertThat(document.path("status").path("currentTag").asText()).isEqualTo("v1.0.0");

        var describe = horadus.run(QUICK, "describe", name);
        assertThat(describe.exitCode()).as("%s", describe).isEqualTo(0);
        assertThat(describe.stdout()).contains("Conditions:", "Gates:", "Last command:", "Phase:         Ready");
        assertThat(describe.stdout().lines()).anySatisfy(line -> assertThat(line.trim().split("\\s+")).startsWith("Ready", "True"));
        assertThat(describe.stdout().lines()).anySatisfy(line -> assertThat(line.trim().split("\\s+")).startsWith("check", "Passed", "0"));
        assertThat(describe.stdout()).containsPattern("Command: +docker-compose .*up -d");

        var history = horadus.run(QUICK, "history", name);
        assertThat(history.exitCode()).as("%s", history).isEqualTo(0);
        var rows = history.stdout().lines().toList();
        assertThat(rows.get(0).split("\\s+")).startsWith("REVISION", "TAG", "COMMIT", "RESULT");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).split("\\s+")).startsWith("1", "v1.0.0", document.path("status").path("currentCommit").asText().substring(0, 7), "deployed");

        for (var output : List.of(apply.stdout(), apply.stderr(), describe.stdout(), json.stdout(), Files.readString(stateFile(horadus, name)))) {
            assertThat(output).as("no secret value shows").doesNotContain(DB_PASSWORD, SECRET_KEY, API_KEY, ADMIN_KEY);
        }
    }

    // 2 ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("a secret file others can read (0644) is refused: exit 1, SecretInvalid with the chmod to run, nothing runs on the host")
    void secretOpenToOthersIsRefused() throws Exception {
        var name = name("open-secret");
        var port = port();
        var horadus = horadus(name);
        var env = secretFile(horadus, "shaped-env", "env", HoradusShapedApp.envFile(DB_PASSWORD, SECRET_KEY, "production", API_KEY, ADMIN_KEY), "rw-r--r--");
        secretFile(horadus, "shaped-keys", "X-API-Key", API_KEY, "rw-------");
        var v100 = HoradusShapedApp.Variant.ok("v1.0.0", port, 1);
        var manifest = write(name + ".yaml", shapedYaml(name, shapedRepository(name, v100), v100));

        var apply = horadus.run(RELEASE, "apply", "-f", manifest.toString());

        assertThat(apply.exitCode()).as("%s", apply).isEqualTo(1);
        assertThat(apply.stderr()).contains("chmod 600 " + env);
        var ready = condition(state(horadus, name), "Ready").orElseThrow();
        assertThat(ready.path("status").asText()).isEqualTo("False");
        assertThat(ready.path("reason").asText()).isEqualTo("SecretInvalid");
        assertThat(ready.path("message").asText()).contains("mode 0644", "chmod 600 " + env);
        assertThat(HostProbe.traces(name, port)).as("nothing built, nothing started").isEmpty();
        assertThat(apply.stderr()).doesNotContain(DB_PASSWORD, SECRET_KEY);
    }

    // 3 ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("a manifest the API server would refuse (tag latest, an unknown field) exits 1 with its message; no state, nothing runs")
    void refusedManifests() throws Exception {
        var name = name("refused");
        var horadus = horadus(name);
        var valid = sampleYaml(name, "v1.0.0", sample.sourceUrl(), sample.apiPort(), "");

        var latest = horadus.run(QUICK, "apply", "-f", write(name + "-latest.yaml", valid.replace("tag: v1.0.0", "tag: latest")).toString());
        assertThat(latest.exitCode()).as("%s", latest).isEqualTo(1);
        assertThat(latest.stderr()).contains("The HoradusRelease \"" + name + "\" is invalid: spec.tag: Invalid value: \"latest\": spec.tag in body should match");

        var unknown = horadus.run(QUICK, "apply", "-f", write(name + "-unknown.yaml", valid.replace("  rollback:\n", "  rollbak: {keep: 2}\n  rollback:\n")).toString());
        assertThat(unknown.exitCode()).as("%s", unknown).isEqualTo(1);
        assertThat(unknown.stderr()).contains("Error from server (BadRequest)", "strict decoding error: unknown field \"spec.rollbak\"");

        assertThat(stateFile(horadus, name)).doesNotExist();
        assertThat(horadus.run(QUICK, "get").stderr()).startsWith("No releases found");
        assertThat(composeTraces(name)).isEmpty();
    }

    // 4 ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("an apply killed (SIGKILL) after the migration resumes when run again and ends Ready with one migration run")
    void killedAfterMigrationResumes() throws Exception {
        var name = name("killed");
        var port = port();
        var horadus = horadus(name);
        var git = GitFixture.create(scratch.resolve("git-" + name));
        var v100 = SampleApp.Variant.ok("v1.0.0", port);
        git.commit(SampleApp.files(v100), "v1.0.0");
        git.annotatedTag("v1.0.0", "Release v1.0.0\n\nNotes for v1.0.0.");
        var manifest = write(name + ".yaml", sampleYaml(name, "v1.0.0", git.url(), port, ""));

        try (var first = horadus.start("apply", "-f", manifest.toString())) {
            await().atMost(RELEASE).pollInterval(Duration.ofMillis(20)).until(() -> !first.isAlive()
                    || step(horadus, name).filter(AFTER_MIGRATION::contains).isPresent());
            assertThat(first.isAlive()).as("the first apply still runs when its step is past the migration: %s", first.stderr()).isTrue();
            first.kill();
            assertThat(step(horadus, name)).as("killed before the release was done").isNotEqualTo(Optional.of("Done"));
        }
        assertThat(MigrationLog.runs(name)).hasSize(1);

        var again = horadus.run(RELEASE, "apply", "-f", manifest.toString());

        assertThat(again.exitCode()).as("%s", again).isEqualTo(0);
        assertThat(again.stderr()).doesNotContain("► migrate").contains("✔ v1.0.0 is Ready");
        assertThat(MigrationLog.runs(name)).as("the migration ran once").hasSize(1);
        assertThat(state(horadus, name).path("status").path("phase").asText()).isEqualTo("Ready");
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
    }

    // 5 ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("exit 1: a gate whose command exits 1 stops the release; nothing is built")
    void failingGateExits1() throws Exception {
        var name = name("gate-fails");
        var horadus = horadus(name);
        var manifest = write(name + ".yaml", sampleYaml(name, "v1.0.0", sample.sourceUrl(), sample.apiPort(),
                "  gates:\n    - {name: lint, image: " + BaseImage.NAME + ", command: [sh, -c, 'echo two problems; exit 1']}\n"));

        var apply = horadus.run(RELEASE, "apply", "-f", manifest.toString());

        assertThat(apply.exitCode()).as("%s", apply).isEqualTo(1);
        assertThat(apply.stderr()).contains("✗ gate lint");
        assertThat(condition(state(horadus, name), "Ready").orElseThrow().path("reason").asText()).isEqualTo("GateFailed");
        assertThat(composeTraces(name)).isEmpty();
    }

    @Test
    @DisplayName("exit 2: an unknown flag is a usage error, with the usage on stderr")
    void unknownFlagExits2() throws Exception {
        var horadus = horadus(name("usage"));

        var result = horadus.run(QUICK, "apply", "--no-such-flag", "-f", "x.yaml");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
        assertThat(result.stderr()).contains("Unknown option: '--no-such-flag'", "Usage: horadus apply");
    }

    @Test
    @DisplayName("exit 3: v1.1.0 never passes its verification and apply puts v1.0.0 back from its images")
    void failedVerificationRollsBackExits3() throws Exception {
        var name = name("rolls-back");
        var port = port();
        var horadus = horadus(name);
        var git = GitFixture.create(scratch.resolve("git-" + name));
        var v100 = SampleApp.Variant.ok("v1.0.0", port);
        var v110 = SampleApp.Variant.ok("v1.1.0", port).withUnhealthyApi();
        git.commit(SampleApp.files(v100), "v1.0.0");
        git.annotatedTag("v1.0.0", "Release v1.0.0\n\nNotes for v1.0.0.");
        git.deleteFiles(List.of(SampleApp.HEALTH_PAGE), "v1.1.0 serves no health page");
        git.commit(SampleApp.files(v110), "v1.1.0");
        git.annotatedTag("v1.1.0", "Release v1.1.0\n\nNotes for v1.1.0.");
        assertThat(horadus.run(RELEASE, "apply", "-f", write(name + "-1.yaml", sampleYaml(name, "v1.0.0", git.url(), port, "")).toString()).exitCode())
                .isEqualTo(0);

        var upgrade = horadus.run(RELEASE, "apply", "-f", write(name + "-2.yaml", sampleYaml(name, "v1.1.0", git.url(), port, "")
                .replace("timeoutSeconds: 30", "timeoutSeconds: 5")).toString());

        assertThat(upgrade.exitCode()).as("%s", upgrade).isEqualTo(3);
        assertThat(upgrade.stderr()).contains("↺ rolled back");
        var status = state(horadus, name).path("status");
        assertThat(status.path("phase").asText()).isEqualTo("RolledBack");
        assertThat(status.path("currentTag").asText()).isEqualTo("v1.0.0");
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
    }

    @Test
    @DisplayName("notifications: apply tells the release's webhook and HORADUS_NOTIFY_SECRET's that v1.0.0 is Ready, then that v1.1.0 was rolled back, with the incident")
    void notificationsOfReleaseAndRollback() throws Exception {
        var name = name("notified");
        var port = port();
        try (var webhooks = new WebhookServer()) {
            var horadus = horadus(name).withEnv("HORADUS_NOTIFY_SECRET", "team-webhook");
            secretFile(horadus, "release-webhook", "url", webhooks.url("/services/T01/B02/release-token-7731"), "rw-------");
            secretFile(horadus, "team-webhook", "url", webhooks.url("/hooks/team-token-5529"), "rw-------");
            var git = GitFixture.create(scratch.resolve("git-" + name));
            var v100 = SampleApp.Variant.ok("v1.0.0", port);
            var v110 = SampleApp.Variant.ok("v1.1.0", port).withUnhealthyApi();
            git.commit(SampleApp.files(v100), "v1.0.0");
            git.annotatedTag("v1.0.0", "Release v1.0.0\n\nNotes for v1.0.0.");
            git.deleteFiles(List.of(SampleApp.HEALTH_PAGE), "v1.1.0 serves no health page");
            git.commit(SampleApp.files(v110), "v1.1.0");
            git.annotatedTag("v1.1.0", "Release v1.1.0\n\nNotes for v1.1.0.");
            var notify = "  notify:\n    webhook:\n      secretRef: {name: release-webhook}\n";

            var first = horadus.run(RELEASE, "apply", "-f", write(name + "-1.yaml", sampleYaml(name, "v1.0.0", git.url(), port, notify)).toString());
            assertThat(first.exitCode()).as("%s", first).isEqualTo(0);
            var released = List.of(webhooks.next(QUICK), webhooks.next(QUICK));
            var upgrade = horadus.run(RELEASE, "apply", "-f", write(name + "-2.yaml", sampleYaml(name, "v1.1.0", git.url(), port, notify)
                    .replace("timeoutSeconds: 30", "timeoutSeconds: 5")).toString());
            assertThat(upgrade.exitCode()).as("%s", upgrade).isEqualTo(3);
            var rolledBack = List.of(webhooks.next(QUICK), webhooks.next(QUICK));

            var commit = state(horadus, name).path("status").path("lastGoodCommit").asText();
            assertThat(released).extracting(WebhookServer.Received::path)
                    .containsExactlyInAnyOrder("/services/T01/B02/release-token-7731", "/hooks/team-token-5529");
            for (var message : released) {
                var json = message.json();
                assertThat(json.path("text").asText()).isEqualTo("✅ default/" + name + ": v1.0.0 (" + commit + ") is released and verified");
                assertThat(List.of(json.path("kind").asText(), json.path("tag").asText(), json.path("commit").asText(), json.path("phase").asText()))
                        .containsExactly("Released", "v1.0.0", commit, "Ready");
            }
            assertThat(rolledBack).extracting(WebhookServer.Received::path)
                    .containsExactlyInAnyOrder("/services/T01/B02/release-token-7731", "/hooks/team-token-5529");
            for (var message : rolledBack) {
                var json = message.json();
                assertThat(json.path("text").asText()).startsWith("⏪ default/" + name + ": v1.1.0 rolled back to v1.0.0 after its checks stayed failed");
                assertThat(List.of(json.path("kind").asText(), json.path("reason").asText(), json.path("currentTag").asText(),
                        json.path("incident").path("fromTag").asText(), json.path("incident").path("toTag").asText(),
                        json.path("incident").path("toCommit").asText(), json.path("incident").path("state").asText()))
                        .containsExactly("RolledBack", "RolledBack", "v1.0.0", "v1.1.0", "v1.0.0", commit, "RolledBack");
                assertThat(json.path("incident").path("failedChecks").size()).isPositive();
            }
            assertThat(webhooks.received()).as("nothing else was told").hasSize(4);
            for (var output : List.of(first.stdout(), first.stderr(), upgrade.stdout(), upgrade.stderr(), Files.readString(stateFile(horadus, name)))) {
                assertThat(output).as("the webhook URLs are credentials").doesNotContain("release-token-7731", "team-token-5529");
            }
        }
    }

    @Test
    @DisplayName("exit 4 then approve: a wrong commit releases nothing, the commit the tag resolved to releases it to Ready")
    void awaitingApprovalThenApprove() throws Exception {
        var name = name("approval");
        var horadus = horadus(name);
        cleanups.add(() -> HostProbe.cleanUp(name, sample.apiPort()));
        var manifest = write(name + ".yaml", sampleYaml(name, "v1.0.0", sample.sourceUrl(), sample.apiPort(), "  approval: {required: Always}\n"));

        var apply = horadus.run(RELEASE, "apply", "-f", manifest.toString());

        assertThat(apply.exitCode()).as("%s", apply).isEqualTo(4);
        assertThat(apply.stderr()).contains("◎ waiting for approval of v1.0.0");
        var commit = state(horadus, name).path("status").path("release").path("commit").asText();
        assertThat(commit).matches("[0-9a-f]{40}");
        var wrong = commit.startsWith("0") ? "1" + commit.substring(1) : "0" + commit.substring(1);

        var stale = horadus.run(RELEASE, "approve", name, "--tag", "v1.0.0", "--commit", wrong, "--reviewer", "rev");
        assertThat(stale.exitCode()).as("%s", stale).isEqualTo(4);
        assertThat(state(horadus, name).path("status").path("phase").asText()).isEqualTo("AwaitingApproval");
        assertThat(composeTraces(name)).as("nothing run for a stale approval").isEmpty();

        var approve = horadus.run(RELEASE, "approve", name, "--tag", "v1.0.0", "--commit", commit, "--reviewer", "rev", "--comment", "looks good");

        assertThat(approve.exitCode()).as("%s", approve).isEqualTo(0);
        assertThat(approve.stderr()).contains("✔ v1.0.0 is Ready");
        var json = JSON.readTree(horadus.run(QUICK, "get", name, "-o", "json").stdout());
        assertThat(json.path("status").path("phase").asText()).isEqualTo("Ready");
        assertThat(json.path("status").path("release").path("approval").path("reviewer").asText()).isEqualTo("rev");
        assertThat(HostProbe.get(sample.healthUrl())).isEqualTo("ok v1.0.0");
    }

    @Test
    @DisplayName("exit 5: --timeout 1s on a release whose gate takes longer; the state says where it stopped")
    void timeoutExits5() throws Exception {
        var name = name("timeout");
        var horadus = horadus(name);
        var manifest = write(name + ".yaml", sampleYaml(name, "v1.0.0", sample.sourceUrl(), sample.apiPort(),
                "  gates:\n    - {name: slow, image: " + BaseImage.NAME + ", command: [sleep, '4']}\n"));

        var apply = horadus.run(RELEASE, "apply", "-f", manifest.toString(), "--timeout", "1s");

        assertThat(apply.exitCode()).as("%s", apply).isEqualTo(5);
        assertThat(apply.stderr()).contains("✗ timed out after 1.0s (phase ");
        assertThat(state(horadus, name).path("status").path("phase").asText()).isNotEqualTo("Ready");
    }

    // 7 ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("rollback puts v1.0.0's kept images back without a rebuild; a tag that was never kept is refused naming the kept ones")
    void rollbackFromKeptImages() throws Exception {
        var name = name("rollback");
        var horadus = horadus(name);
        var project = SampleProject.create(scratch.resolve("sample-" + name), port());
        cleanups.add(() -> HostProbe.cleanUp(name, project.apiPort()));
        var v100 = horadus.run(RELEASE, "apply", "-f", write(name + "-1.yaml", sampleYaml(name, "v1.0.0", project.sourceUrl(), project.apiPort(), "")).toString());
        assertThat(v100.exitCode()).as("%s", v100).isEqualTo(0);
        var v100Images = images(name);
        var v110 = horadus.run(RELEASE, "apply", "-f", write(name + "-2.yaml", sampleYaml(name, "v1.1.0", project.sourceUrl(), project.apiPort(), "")).toString());
        assertThat(v110.exitCode()).as("%s", v110).isEqualTo(0);
        assertThat(HostProbe.get(project.healthUrl())).isEqualTo("ok v1.1.0");
        assertThat(images(name)).isNotEqualTo(v100Images);

        var rollback = horadus.run(RELEASE, "rollback", name);

        assertThat(rollback.exitCode()).as("%s", rollback).isEqualTo(0);
        assertThat(images(name)).as("v1.0.0's images run again, the same IDs: nothing rebuilt").isEqualTo(v100Images);
        assertThat(HostProbe.get(project.healthUrl())).isEqualTo("ok v1.0.0");
        var status = state(horadus, name).path("status");
        assertThat(status.path("currentTag").asText()).isEqualTo("v1.0.0");
        assertThat(status.path("lastCommand").path("argv").toString()).contains("\"--no-build\"");
        var history = horadus.run(QUICK, "history", name).stdout();
        assertThat(history.lines()).anySatisfy(line -> assertThat(line).contains("v1.1.0").contains("rolled back"));

        var refused = horadus.run(RELEASE, "rollback", name, "--to", "v9.9.9");

        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(1);
        // v1.1.0, rolled back from, is no longer kept (docs/operations.md, "A person's rollback").
        assertThat(refused.stderr()).contains("✗ v9.9.9 is not a kept release; kept releases: v1.0.0; nothing was run");
        assertThat(images(name)).isEqualTo(v100Images);
    }

    // 8 ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("while one apply runs, a second apply of the same release is refused naming the holder's pid and since")
    void secondApplyIsRefusedByTheLock() throws Exception {
        var name = name("locked");
        var horadus = horadus(name);
        var manifest = write(name + ".yaml", sampleYaml(name, "v1.0.0", sample.sourceUrl(), sample.apiPort(),
                "  gates:\n    - {name: slow, image: " + BaseImage.NAME + ", command: [sleep, '30']}\n"));

        try (var first = horadus.start("apply", "-f", manifest.toString())) {
            await().atMost(RELEASE).until(() -> first.stderr().contains("► gate slow") || !first.isAlive());
            assertThat(first.isAlive()).as("%s", first.stderr()).isTrue();

            var second = horadus.run(QUICK, "apply", "-f", manifest.toString());

            assertThat(second.exitCode()).as("%s", second).isEqualTo(1);
            assertThat(second.stderr()).containsPattern("release default/" + name + " is held by pid " + first.pid() + " \\(horadus apply\\) since \\d{4}-\\d\\d-\\d\\dT");
            assertThat(second.stderr()).doesNotContain("► gate");

            first.terminate();
            var stopped = first.awaitExit(RELEASE);
            assertThat(stopped.stderr()).contains("‖ stopped");
        }
    }

    // 9 ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("get and apply touch no cluster (KUBECONFIG names a server that counts connections) and listen on no port")
    void noClusterIsTouched() throws Exception {
        var name = name("no-cluster");
        var accepted = new AtomicInteger();
        try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (var socket = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "kube-api-stand-in");
            acceptor.setDaemon(true);
            acceptor.start();
            var kubeconfig = write(name + "-kubeconfig", """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: c
                      cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}
                    users:
                    - name: u
                      user: {token: t}
                    contexts:
                    - name: x
                      context: {cluster: c, user: u, namespace: default}
                    current-context: x
                    """.formatted(server.getLocalPort()));
            var horadus = horadus(name).withEnv("KUBECONFIG", kubeconfig.toString());
            var manifest = write(name + ".yaml", sampleYaml(name, "v1.0.0", sample.sourceUrl(), sample.apiPort(),
                    "  gates:\n    - {name: slow, image: " + BaseImage.NAME + ", command: [sh, -c, 'sleep 3; exit 1']}\n"));

            assertThat(listeningPorts(ProcessHandle.current().pid())).as("the port reader sees this JVM's own listening socket")
                    .contains(server.getLocalPort());
            var get = horadus.run(QUICK, "get");
            Result apply;
            try (var running = horadus.start("apply", "-f", manifest.toString())) {
                await().atMost(RELEASE).until(() -> running.stderr().contains("► gate slow") || !running.isAlive());
                assertThat(running.isAlive()).as("%s", running.stderr()).isTrue();
                assertThat(listeningPorts(running.pid())).as("TCP ports the running apply listens on").isEmpty();
                apply = Result.of(running.awaitExit(RELEASE));
            }

            assertThat(get.exitCode()).as("%s", get).isEqualTo(0);
            assertThat(apply.exitCode()).isEqualTo(1);
            assertThat(accepted.get()).as("connections to the kubeconfig's server").isZero();
            for (var output : List.of(get.stdout() + get.stderr(), apply.output())) {
                assertThat(output).doesNotContainIgnoringCase("quarkus").doesNotContainIgnoringCase("kubernetes").doesNotContain("fabric8", "INFO", "WARN");
            }
        }
    }

    // --------------------------------------------------------------------------------------------------

    private record Result(int exitCode, String output) {
        static Result of(HoradusProcess.Result result) {
            return new Result(result.exitCode(), result.stdout() + result.stderr());
        }
    }

    private HoradusProcess horadus(String name) throws IOException {
        return HoradusProcess.of(scratch.resolve("state-" + name), scratch.resolve("logs-" + name));
    }

    private String name(String what) {
        return "cli-" + what + "-" + run;
    }

    /** A loopback port of its own for an app; its compose project and images are removed afterwards. */
    private int port() {
        var port = LoopbackPorts.free();
        while (!ports.add(port)) {
            port = LoopbackPorts.free();
        }
        return port;
    }

    private Path write(String file, String content) throws IOException {
        return Files.writeString(scratch.resolve(file), content);
    }

    /** secrets/NAME/KEY in the state directory, with the file mode given ("rw-------"). */
    private static Path secretFile(HoradusProcess horadus, String secret, String key, String value, String mode) throws IOException {
        var folder = Files.createDirectories(horadus.stateDir().resolve("secrets").resolve(secret));
        var file = folder.resolve(key);
        Files.writeString(file, value);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private Path stateFile(HoradusProcess horadus, String name) {
        return horadus.stateDir().resolve("releases").resolve("default").resolve(name + ".json");
    }

    /** The release as its state file holds it ({"format": …, "release": {…}}). */
    private JsonNode state(HoradusProcess horadus, String name) throws IOException {
        var document = JSON.readTree(stateFile(horadus, name).toFile());
        assertThat(document.path("format").asText()).isEqualTo("horadus.io/state/v1");
        return document.path("release");
    }

    private Optional<String> step(HoradusProcess horadus, String name) throws IOException {
        if (!Files.exists(stateFile(horadus, name))) {
            return Optional.empty();
        }
        var step = state(horadus, name).path("status").path("release").path("step");
        return step.isTextual() ? Optional.of(step.asText()) : Optional.empty();
    }

    private static Optional<JsonNode> condition(JsonNode release, String type) {
        for (var condition : release.path("status").path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return Optional.of(condition);
            }
        }
        return Optional.empty();
    }

    /** The containers (any state), volumes and networks of a compose project: what running it would leave. */
    private static List<String> composeTraces(String project) {
        var traces = new ArrayList<String>();
        for (var kind : List.of(List.of("ps", "-a"), List.of("volume", "ls"), List.of("network", "ls"))) {
            var argv = new ArrayList<>(kind);
            argv.addAll(List.of("-q", "--filter", "label=com.docker.compose.project=" + project));
            HostProbe.docker(argv.toArray(String[]::new)).lines().filter(line -> !line.isBlank()).forEach(id -> traces.add(kind.get(0) + " " + id));
        }
        return traces;
    }

    /** "service imageID" of the project's running containers, sorted. */
    private static List<String> images(String project) {
        return HostProbe.docker("ps", "--filter", "label=com.docker.compose.project=" + project,
                        "--format", "{{.Label \"com.docker.compose.service\"}} {{.ID}}").lines().sorted()
                .map(line -> line.split(" ")[0] + " " + HostProbe.docker("inspect", "--format", "{{.Image}}", line.split(" ")[1]).strip())
                .toList();
    }

    /** The body of a 2xx answer (with X-API-Key when a key is given), else null. */
    private static String get(String url, String apiKey) throws InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        try {
            var response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() / 100 == 2 ? response.body().strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The TCP ports a process listens on: its socket inodes matched against the kernel's LISTEN sockets. */
    private static List<Integer> listeningPorts(long pid) throws IOException {
        var inodes = new HashSet<String>();
        try (var fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (var fd : fds) {
                try {
                    var target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        var listening = new ArrayList<Integer>();
        for (var table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            var lines = Files.readAllLines(Path.of(table));
            for (var line : lines.subList(1, lines.size())) {
                var fields = line.trim().split("\\s+");
                // local_address is field 1 (ADDR:PORT in hex), st field 3 (0A = LISTEN), inode field 9.
                if (fields[3].equals("0A") && inodes.contains(fields[9])) {
                    listening.add(Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16));
                }
            }
        }
        return listening;
    }

    /** A repository with the Horadus-shaped app tagged at each version. */
    private String shapedRepository(String name, HoradusShapedApp.Variant... versions) {
        cleanups.add(() -> HostProbe.cleanUp(name, versions[0].port()));
        var git = GitFixture.create(scratch.resolve("git-" + name));
        for (var v : versions) {
            git.commit(HoradusShapedApp.files(v), "Horadus " + v.version());
            git.annotatedTag(v.version(), "Release " + v.version() + "\n\nNotes for " + v.version() + ".");
        }
        return git.url();
    }

    /** The Horadus-shaped app as HoradusShapedIT releases it, its health behind X-API-Key from secrets/shaped-keys. */
    private static String shapedYaml(String name, String url, HoradusShapedApp.Variant v) {
        return """
                apiVersion: horadus.io/v1alpha1
                kind: HoradusRelease
                metadata:
                  name: %1$s
                  namespace: default
                spec:
                  tag: %2$s
                  source: {url: "%3$s", branch: main}
                  target:
                    project: %1$s
                    composeFiles: [%4$s]
                    files:
                      - {path: .env, secretRef: shaped-env, key: env}
                  gates:
                    - {name: check, image: %5$s, command: [sh, -c, 'test -f %4$s']}
                  rollout:
                    build: [api, worker]
                    migration: {service: migrate, profile: ops}
                    up: [api, worker, beat]
                  verify:
                    healthUrl: %6$s
                    http: {headersSecretRef: shaped-keys}
                    intervalSeconds: 1
                    timeoutSeconds: 60
                    failureThreshold: 2
                    watchSeconds: 0
                """.formatted(name, v.version(), url, HoradusShapedApp.COMPOSE_FILE, BaseImage.NAME, v.keyedHealthUrl());
    }

    /**
     * The sample app (SampleProject's or SampleApp's files) released as {@code name}, also its compose project:
     * verified at once (watchSeconds 0, so every verified release is kept for a rollback), {@code extra} spec
     * lines (gates, approval) added.
     */
    private String sampleYaml(String name, String tag, String url, int port, String extra) {
        cleanups.add(() -> HostProbe.cleanUp(name, port));
        return """
                apiVersion: horadus.io/v1alpha1
                kind: HoradusRelease
                metadata:
                  name: %1$s
                  namespace: default
                spec:
                  tag: %2$s
                  source: {url: "%3$s", branch: main}
                  target:
                    project: %1$s
                    composeFiles: [%4$s]
                %5$s  rollout:
                    build: [api, worker]
                    migration: {service: migrate, profile: ops}
                    up: [api, worker, beat]
                  verify:
                    healthUrl: http://127.0.0.1:%6$d/health
                    intervalSeconds: 1
                    timeoutSeconds: 30
                    failureThreshold: 2
                    watchSeconds: 0
                  rollback:
                    enabled: true
                    keep: 3
                """.formatted(name, tag, url, SampleApp.COMPOSE_FILE, extra, port);
    }
}
