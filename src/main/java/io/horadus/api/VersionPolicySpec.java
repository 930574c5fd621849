package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The runbook's semantic versions as a rule: releases move forward unless a person says otherwise. */
public class VersionPolicySpec {

    @Default("false")
    @JsonPropertyDescription("When false (the default) a tag older than status.currentTag, what the host runs, is refused (DowngradeRefused) and nothing runs. Set true to go back to an older tag by hand.")
    private boolean allowDowngrade = false;

    public boolean isAllowDowngrade() { return allowDowngrade; }
    public void setAllowDowngrade(boolean allowDowngrade) { this.allowDowngrade = allowDowngrade; }
}
