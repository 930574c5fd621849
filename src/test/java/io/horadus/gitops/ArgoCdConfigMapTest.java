package io.horadus.gitops;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The argocd-cm patch people apply carries the very health.lua that ArgoCdHealthTest runs. */
class ArgoCdConfigMapTest {

    @Test
    void thePatchCarriesHealthLuaAsItIs() throws Exception {
        var patch = GitOpsCases.YAML.readTree(Path.of("integrations", "argocd", "argocd-cm-patch.yaml").toFile());

        assertThat(patch.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(patch.path("metadata").path("name").asText()).isEqualTo("argocd-cm");
        assertThat(patch.path("data").path("resource.customizations.health.horadus.io_HoradusRelease").asText())
                .as("argocd-cm-patch.yaml's Lua differs from health.lua: copy health.lua into it")
                .isEqualTo(GitOpsCases.text(GitOpsCases.HEALTH_LUA));
    }
}
