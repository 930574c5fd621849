package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

/**
 * Stages: a tag may be released here only after every upstream release (staging before production)
 * released the same commit, verified it and watched it healthy for the soak time without a rollback.
 */
@ValidationRule(value = "self.from.all(f, self.from.exists_one(g, g == f))", message = "each upstream may be named only once")
public class PromotionSpec {

    @Required
    @Size(min = 1, max = FieldRules.UPSTREAMS_MAX)
    @JsonPropertyDescription("The upstream releases: names of HoradusReleases in this release's namespace (release names in the command line's state). At most 8.")
    private List<@Pattern(FieldRules.OBJECT_NAME) @Size(max = FieldRules.OBJECT_NAME_MAX) String> from = new ArrayList<>();

    @Default("0")
    @Min(0)
    @Max(FieldRules.SOAK_MAX)
    @JsonPropertyDescription("How long, in seconds, each upstream must have run the tag healthy since it verified it (no failed round and no rollback since) before it may be released here. At most 30 days.")
    private long soakSeconds = 0;

    @Default("false")
    @JsonPropertyDescription("Follow the first upstream's last good tag without a person changing spec.tag (which must then be left out). A tag rolled back anywhere in the chain, or rolled back here by a person, is never promoted automatically again; only a newer tag is.")
    private boolean auto = false;

    @Default("Report")
    @JsonPropertyDescription("When an upstream rolls back a tag this release has already released: Report (a Warning Event and the UpstreamVerified condition; the host is left as it is) or RollBack (roll this release back to its last good tag too). A release of that tag that has not finished its build stops either way.")
    private UpstreamRollbackPolicy onUpstreamRollback = UpstreamRollbackPolicy.Report;

    public List<String> getFrom() { return from; }
    public void setFrom(List<String> from) { this.from = from; }
    public long getSoakSeconds() { return soakSeconds; }
    public void setSoakSeconds(long soakSeconds) { this.soakSeconds = soakSeconds; }
    public boolean isAuto() { return auto; }
    public void setAuto(boolean auto) { this.auto = auto; }
    public UpstreamRollbackPolicy getOnUpstreamRollback() { return onUpstreamRollback; }
    public void setOnUpstreamRollback(UpstreamRollbackPolicy onUpstreamRollback) { this.onUpstreamRollback = onUpstreamRollback; }
}
