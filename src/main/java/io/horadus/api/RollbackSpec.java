package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The runbook's rollback procedure, done by the operator when the checks stay failed. */
public class RollbackSpec {

    @Default("true")
    @JsonPropertyDescription("Return to the last good tag on its own when the checks stay failed. When false, the release only stalls with reason HealthFailed.")
    private boolean enabled = true;

    @Default("3")
    @Min(FieldRules.KEEP_MIN)
    @Max(FieldRules.KEEP_MAX)
    @JsonPropertyDescription("Good releases whose images are kept (tagged <repository>:horadus-<tag>) for a rollback without a rebuild; older snapshots are untagged.")
    private int keep = 3;

    @Default("{}")
    @JsonPropertyDescription("Opt-in: a command undoing the failed release's migration, run once from its image before the last good version starts.")
    private DownMigrationSpec downMigration = new DownMigrationSpec();

    public DownMigrationSpec getDownMigration() { return downMigration; }
    public void setDownMigration(DownMigrationSpec downMigration) { this.downMigration = downMigration; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public int getKeep() { return keep; }
    public void setKeep(int keep) { this.keep = keep; }
}
