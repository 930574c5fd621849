package io.horadus.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import io.horadus.gitops.FluxHealth.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * integrations/flux's Kustomizations judged over the Argo CD testdata: the healthCheckExprs variant says
 * what health.lua says of every case, and kstatus (wait/healthChecks alone) differs only where
 * docs/gitops.md says it does.
 */
class FluxHealthCheckTest {

    private static final GitOpsCases CASES = GitOpsCases.read();
    private static final Path CEL = Path.of("integrations", "flux", "horadus-release-cel.yaml");
    private static final Path KSTATUS = Path.of("integrations", "flux", "horadus-release-kstatus.yaml");

    /** Where kstatus, blind to all but observedGeneration, Reconciling and Stalled, says otherwise than Argo CD. */
    private static final Map<String, Status> KSTATUS_DIFFERS = Map.of(
            "no-status", Status.Current,
            "phase-Pending", Status.Current,
            "deleting", Status.Terminating,
            "ApprovalKindMissing", Status.InProgress,
            "Drifted", Status.Current,
            "ReconvergeFailed", Status.Current,
            "upstream-rolled-back-released", Status.Current,
            "suspended-after-failure", Status.Failed,
            "suspended-secret-invalid", Status.Failed,
            "rolled-back-host-unreachable", Status.InProgress);

    static Stream<GitOpsCases.Case> cases() {
        return CASES.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCelHealthCheckSaysWhatArgoCdSays(GitOpsCases.Case c) {
        var exprs = new FluxHealth.Exprs(horadusExprs());

        assertThat(exprs.evaluate(c.object())).as("Argo CD: " + c.status()).isEqualTo(fluxFor(c));
    }

    @Test
    void kstatusDiffersFromArgoCdOnlyWhereTheDocsSay() {
        var differs = new LinkedHashMap<String, Status>();
        for (var c : CASES.cases()) {
            var kstatus = FluxHealth.kstatus(c.object());
            if (kstatus != fluxFor(c)) {
                differs.put(c.name(), kstatus);
            }
        }

        assertThat(differs).containsExactlyInAnyOrderEntriesOf(KSTATUS_DIFFERS);
    }

    @Test
    void bothKustomizationsCheckTheHoradusRelease() {
        for (var file : new Path[] {CEL, KSTATUS}) {
            var kustomization = read(file);
            assertThat(kustomization.path("apiVersion").asText()).isEqualTo("kustomize.toolkit.fluxcd.io/v1");
            var check = kustomization.path("spec").path("healthChecks").get(0);
            assertThat(check.path("apiVersion").asText()).as(file.toString()).isEqualTo("horadus.io/v1alpha1");
            assertThat(check.path("kind").asText()).as(file.toString()).isEqualTo("HoradusRelease");
        }
    }

    /**
     * Argo CD's view in Flux's words. Flux has no Suspended: a reviewer awaited is InProgress (the
     * Kustomization waits, up to its timeout); spec.suspend is Current (there is nothing to wait for).
     * An object without status is InProgress, or Unknown where an expression reads status (Flux waits).
     */
    private static Status fluxFor(GitOpsCases.Case c) {
        return switch (c.status()) {
            case "Healthy" -> Status.Current;
            case "Degraded" -> Status.Failed;
            case "Suspended" -> c.object().path("spec").path("suspend").asBoolean() ? Status.Current : Status.InProgress;
            default -> c.object().has("status") ? Status.InProgress : Status.Unknown;
        };
    }

    private static JsonNode horadusExprs() {
        for (var entry : read(CEL).path("spec").path("healthCheckExprs")) {
            if (entry.path("kind").asText().equals("HoradusRelease") && entry.path("apiVersion").asText().equals("horadus.io/v1alpha1")) {
                return entry;
            }
        }
        throw new AssertionError(CEL + " has no healthCheckExprs entry for horadus.io/v1alpha1 HoradusRelease");
    }

    private static JsonNode read(Path file) {
        try {
            return GitOpsCases.YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
