package io.horadus.api;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** crds/ must be what the Java types generate: the build fails when one changes without the other. */
class CrdInSyncIT {

    private static final Path GENERATED = Path.of("target", "kubernetes", CrdFile.NAME);

    @Test
    void committedCrdMatchesJavaTypes() throws Exception {
        inSync(CrdFile.NAME);
    }

    @Test
    void committedApprovalCrdMatchesJavaTypes() throws Exception {
        inSync(CrdFile.APPROVALS);
    }

    private static void inSync(String name) throws Exception {
        var expected = CrdFile.fromGenerated(GENERATED.resolveSibling(name));
        if (Boolean.getBoolean("crds.update")) {
            CrdFile.write(expected, CrdFile.committed(name));
        }
        assertThat(CrdFile.read(CrdFile.committed(name)))
                .as("crds/%s differs from the CRD generated from io.horadus.api; regenerate it with: "
                        + "./mvnw verify -Dcrds.update=true -Dit.test=CrdInSyncIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false", name)
                .isEqualTo(expected);
    }
}
