package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The runbook's "every release requires short release notes": where the operator finds them, and whether it insists. */
@ValidationRule(value = "!has(self.changelog) || !self.changelog.matches('" + FieldRules.GIT_DIRECTORY + "')",
        message = "changelog must not be in the repository's .git directory")
public class ReleaseNotesSpec {

    @Default("true")
    @JsonPropertyDescription("When true (the default) a tag without release notes is refused (ReleaseNotesMissing) and nothing runs on the host.")
    private boolean required = true;

    @Pattern(FieldRules.COMPOSE_FILE)
    @Size(max = FieldRules.PATH_MAX)
    @JsonPropertyDescription("A changelog in the repository (e.g. CHANGELOG.md), read when the annotated tag's message has no body: the section under the heading that names the version ('## [1.2.0]', '## v1.2.0', '## 1.2.0 - 2026-12-01'). No '..', no leading '/' or '-', not under .git.")
    private String changelog;

    public boolean isRequired() { return required; }
    public void setRequired(boolean required) { this.required = required; }
    public String getChangelog() { return changelog; }
    public void setChangelog(String changelog) { this.changelog = changelog; }
}
