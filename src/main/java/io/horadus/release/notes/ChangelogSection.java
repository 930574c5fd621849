package io.horadus.release.notes;

import io.horadus.release.policy.SemanticVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The section of a Markdown changelog for one version: from the first heading (any level, '#' to
 * '######') that names the version ("## [1.2.0]", "## v1.2.0", "### 1.2.0 - 2026-12-01") up to the next
 * heading of the same or a higher level. Headings inside fenced code blocks are text. A version is named
 * only as itself: 1.2.0 is not found in 11.2.0, 1.2.0.1 or 1.2.0-rc.1.
 */
public final class ChangelogSection {

    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*))?$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

    private ChangelogSection() {
    }

    public static Optional<String> of(String changelog, SemanticVersion version) {
        var names = Pattern.compile("(?<![0-9A-Za-z.])[vV]?" + Pattern.quote(version.toString()) + "(?![0-9A-Za-z.+-])");
        var lines = changelog.replace("\r\n", "\n").split("\n", -1);
        var section = new ArrayList<String>();
        var level = 0;
        var fenced = false;
        for (var line : lines) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
            }
            var heading = fenced ? null : HEADING.matcher(line);
            if (heading != null && heading.matches()) {
                var headingLevel = heading.group(1).length();
                if (level > 0 && headingLevel <= level) {
                    break;
                }
                if (level == 0 && heading.group(2) != null && names.matcher(heading.group(2)).find()) {
                    level = headingLevel;
                    continue;
                }
            }
            if (level > 0) {
                section.add(line);
            }
        }
        var text = join(section).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static String join(List<String> lines) {
        return String.join("\n", lines);
    }
}
