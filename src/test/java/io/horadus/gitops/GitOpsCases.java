package io.horadus.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cases of integrations/argocd's health_test.yaml, in Argo CD's own format: each names a testdata
 * object (a HoradusRelease as the operator leaves it) and the health Argo CD must show for it. The Flux
 * checks are judged against the same objects, so that both tools say the same of one release.
 */
record GitOpsCases(List<GitOpsCases.Case> cases) {

    static final Path DIR = Path.of("integrations", "argocd", "resource_customizations", "horadus.io", "HoradusRelease");
    static final Path HEALTH_LUA = DIR.resolve("health.lua");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One entry of health_test.yaml with the object it names. */
    record Case(String inputPath, String status, String message, JsonNode object) {

        /** The file name without .yaml: a Reason's name for the case of that reason. */
        String name() {
            var file = Path.of(inputPath).getFileName().toString();
            return file.substring(0, file.length() - ".yaml".length());
        }

        @Override
        public String toString() {
            return inputPath;
        }
    }

    static GitOpsCases read() {
        try {
            var tests = YAML.readTree(DIR.resolve("health_test.yaml").toFile()).path("tests");
            var cases = new ArrayList<Case>();
            for (var test : tests) {
                var inputPath = test.path("inputPath").asText();
                var health = test.path("healthStatus");
                cases.add(new Case(inputPath, health.path("status").asText(), health.path("message").asText(),
                        YAML.readTree(DIR.resolve(inputPath).toFile())));
            }
            return new GitOpsCases(cases);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
