package io.horadus.release;

import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.ProjectSecrets;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectSecretsTest {

    private static final ProjectSecrets SECRETS = new ProjectSecrets(
            List.of(new ProjectSecrets.File(".env", "DATABASE_URL=postgres://horadus:pa55word@db/horadus\nAPI_KEY=\"key-123456\"\nDEBUG=1\n"
                    .getBytes(StandardCharsets.UTF_8))),
            Map.of("REGISTRY_TOKEN", "tok-abcdef"));

    @Test
    void masksVariablesAndTheValuesOfAnEnvFile() {
        var line = "connecting to postgres://horadus:pa55word@db/horadus with key-123456 and tok-abcdef, DEBUG=1";

        assertThat(SECRETS.mask(line)).isEqualTo("connecting to *** with *** and ***, DEBUG=1");
    }

    @Test
    void neverPrintsAValue() {
        assertThat(SECRETS.toString()).isEqualTo("ProjectSecrets[files=[.env], variables=[REGISTRY_TOKEN]]");
        assertThat(SECRETS.files().get(0).toString()).doesNotContain("pa55word");
        assertThat(new ComposeTarget("unix:///var/run/docker.sock", null, "horadus", List.of("docker-compose.prod.yml"), SECRETS).toString())
                .doesNotContain("pa55word").doesNotContain("tok-abcdef").doesNotContain("key-123456");
    }

    @Test
    void shortValuesAreNotMasked() {
        assertThat(SECRETS.mask("DEBUG=1 and 1 more")).isEqualTo("DEBUG=1 and 1 more");
        assertThat(ProjectSecrets.NONE.mask("anything")).isEqualTo("anything");
    }
}
