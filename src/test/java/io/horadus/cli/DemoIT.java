package io.horadus.cli;

import io.horadus.demo.BaseImage;
import io.horadus.it.HostProbe;
import io.horadus.testing.Commands;
import io.horadus.testing.HoradusProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code horadus demo --dir DIR} end to end, the packaged jar run as a person runs it the first time: three
 * releases, the third rolled back on its own from kept images; then {@code horadus demo --remove --dir DIR}
 * leaves nothing of it. The demo's compose project is always {@code horadus-demo}: the test does not run
 * while another demo is on the engine (it would take that demo over, and its removal would remove it).
 */
class DemoIT {

    private static final String PROJECT = "horadus-demo";
    /** Three releases with gates, builds and a watch that must see v1.2.0 break: about a minute and a half here. */
    private static final Duration DEMO = Duration.ofMinutes(4);
    private static final Pattern HEALTH = Pattern.compile("✔ (http://127\\.0\\.0\\.1:(\\d+)/health) answers");
    private static final Pattern PORT_IN_MANIFEST = Pattern.compile("healthUrl: http://127\\.0\\.0\\.1:(\\d+)/health");

    @Test
    @DisplayName("horadus demo: v1.0.0, v1.1.0, then v1.2.0 rolled back to v1.1.0 from its kept images; demo --remove leaves nothing")
    void demoThenRemove() throws Exception {
        Assumptions.assumeTrue(docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + PROJECT).isBlank(),
                "another horadus demo runs on this Docker engine (compose project " + PROJECT + "): not taken over");
        var scratch = Files.createDirectories(Path.of("target", "it", "DemoIT-" + UUID.randomUUID().toString().substring(0, 8))).toAbsolutePath();
        var dir = scratch.resolve("demo");
        var logs = scratch.resolve("logs");
        var baseImageBefore = !docker("images", "-q", "--filter", "reference=" + BaseImage.NAME).isBlank();
        Integer port = null;
        try {
            Map<String, String> v110Images;
            var horadus = HoradusProcess.of(scratch.resolve("state"), logs);
            HoradusProcess.Result demo;
            try (var running = horadus.start("demo", "--dir", dir.toString())) {
                await("the demo releases v1.2.0").atMost(DEMO).until(() -> running.stderr().contains("═══ v1.2.0") || !running.isAlive());
                assertThat(running.stderr()).contains("═══ v1.2.0");
                port = apiPort(dir);
                // v1.1.0's images as released, before v1.2.0 is built, breaks and is rolled back.
                v110Images = images(port, "v1.1.0");
                assertThat(v110Images).as("v1.1.0's api and worker images").hasSize(2);
                demo = running.awaitExit(DEMO);
            }

            assertThat(demo.exitCode()).as("%s", demo).isZero();
            var tables = tables(demo.stdout());
            var gets = tables.stream().filter(t -> t.headers().contains("PHASE")).toList();
            assertThat(gets).as("a get table after each release\n%s", demo.stdout()).hasSize(3);
            var last = gets.get(gets.size() - 1).rows();
            assertThat(last).singleElement().satisfies(row -> {
                assertThat(row).containsEntry("NAME", PROJECT).containsEntry("PHASE", "RolledBack").containsEntry("CURRENT", "v1.1.0")
                        .containsEntry("DESIRED", "v1.2.0").containsEntry("LAST GOOD", "v1.1.0");
            });
            var history = tables.stream().filter(t -> t.headers().contains("RESULT")).toList();
            assertThat(history).as("the history table\n%s", demo.stdout()).hasSize(1);
            assertThat(history.get(0).rows()).as("history rows").anySatisfy(row ->
                    assertThat(row).containsEntry("TAG", "v1.2.0").containsEntry("RESULT", "rolled back"));
            assertThat(history.get(0).rows()).anySatisfy(row -> assertThat(row).containsEntry("TAG", "v1.1.0").containsEntry("RESULT", "deployed"));

            var health = HEALTH.matcher(demo.stderr());
            assertThat(health.find()).as("stderr names the health URL\n%s", demo.stderr()).isTrue();
            assertThat(Integer.parseInt(health.group(2))).isEqualTo(port);
            assertThat(HostProbe.get(health.group(1))).as("what the printed URL answers now").isEqualTo("ok v1.1.0");
            assertThat(demo.stderr()).contains("horadus demo --remove --dir " + dir);

            assertThat(images(port, "v1.1.0")).as("no rebuild on rollback: v1.1.0's images are the ones it was released with").isEqualTo(v110Images);
            assertThat(runningImageIds()).as("the api, worker and beat run v1.1.0's images")
                    .hasSize(3).allSatisfy(id -> assertThat(v110Images).containsValue(id));

            var remove = horadus.run(Duration.ofMinutes(2), "demo", "--remove", "--dir", dir.toString());
            assertThat(remove.exitCode()).as("%s", remove).isZero();
            assertThat(docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + PROJECT)).as("containers").isBlank();
            assertThat(docker("volume", "ls", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT)).as("volumes").isBlank();
            assertThat(docker("network", "ls", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT)).as("networks").isBlank();
            assertThat(docker("images", "-q", "--filter", "label=io.horadus.sample.app=" + port)).as("the demo's images and snapshots").isBlank();
            assertThat(dir).as("the demo's folder").doesNotExist();
            assertThat(!docker("images", "-q", "--filter", "reference=" + BaseImage.NAME).isBlank())
                    .as("the base image is removed only when the demo imported it (it was on the engine before: %s)", baseImageBefore)
                    .isEqualTo(baseImageBefore);
        } finally {
            if (port != null) {
                HostProbe.cleanUp(PROJECT, port);
            }
            // Other tests on this engine build on the base image.
            BaseImage.ensure();
        }
    }

    /** The port the demo's api answers on, from the manifest it wrote. */
    private static int apiPort(Path dir) throws Exception {
        var matcher = PORT_IN_MANIFEST.matcher(Files.readString(dir.resolve("release.yaml")));
        assertThat(matcher.find()).as("the demo's manifest names its health URL").isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    /** "repository:tag" → image ID of the sample's images of one version (its api and worker). */
    private static Map<String, String> images(int port, String version) {
        var images = new LinkedHashMap<String, String>();
        docker("images", "--no-trunc", "--filter", "label=io.horadus.sample.app=" + port, "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").lines()
                .map(line -> line.split(" "))
                .filter(parts -> parts.length == 2 && parts[0].endsWith(":" + version))
                .forEach(parts -> images.put(parts[0], parts[1]));
        return images;
    }

    /** The image IDs the demo's running containers were created from. */
    private static List<String> runningImageIds() {
        var containers = docker("ps", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT).lines().filter(l -> !l.isBlank()).toList();
        var ids = new ArrayList<String>();
        for (var container : containers) {
            ids.add(docker("inspect", "--format", "{{.Image}}", container).strip());
        }
        return ids;
    }

    private record Table(List<String> headers, List<Map<String, String>> rows) {
    }

    /** The tables of stdout as kubectl prints them: blocks of lines, upper-case headers, cells under their header. */
    private static List<Table> tables(String stdout) {
        var tables = new ArrayList<Table>();
        var block = new ArrayList<String>();
        for (var line : (stdout + "\n").lines().toList()) {
            if (!line.isBlank()) {
                block.add(line);
                continue;
            }
            if (!block.isEmpty()) {
                tables.add(table(block));
                block.clear();
            }
        }
        if (!block.isEmpty()) {
            tables.add(table(block));
        }
        return tables;
    }

    private static Table table(List<String> lines) {
        var header = lines.get(0);
        var headers = List.of(header.strip().split(" {2,}"));
        var starts = headers.stream().map(header::indexOf).toList();
        var rows = new ArrayList<Map<String, String>>();
        for (var line : lines.subList(1, lines.size())) {
            var row = new LinkedHashMap<String, String>();
            for (int i = 0; i < headers.size(); i++) {
                int from = Math.min(starts.get(i), line.length());
                int to = i + 1 < headers.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
                row.put(headers.get(i), line.substring(from, to).strip());
            }
            rows.add(row);
        }
        return new Table(headers, rows);
    }

    private static String docker(String... args) {
        var argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        var result = Commands.run(argv);
        assertThat(result.succeeded()).as("%s", result).isTrue();
        return result.output();
    }
}
