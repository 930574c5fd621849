package io.horadus.operator;

import io.horadus.api.FieldRules;

/**
 * The one command a reviewer types to approve a release: the HoradusApproval as a JSON one-liner piped
 * to {@code kubectl create -f -}, filled with everything the reviewer must not get wrong (namespace,
 * release, tag, commit). The reviewer's name is the shell's $USER, spliced between the single quotes.
 * Its name is made of release, tag and short commit, so typing it twice is refused, not duplicated.
 */
public final class ApprovalCommand {

    static final String API_VERSION = "horadus.io/v1alpha1";

    private ApprovalCommand() {
    }

    public static String of(String namespace, String release, String tag, String commit) {
        var json = "{\"apiVersion\":\"" + API_VERSION + "\",\"kind\":\"HoradusApproval\",\"metadata\":{\"name\":\"" + name(release, tag, commit)
                + "\"},\"spec\":{\"release\":\"" + release + "\",\"tag\":\"" + tag + "\",\"commit\":\"" + commit
                + "\",\"reviewer\":\"'\"$USER\"'\"}}";
        return "echo '" + json + "' | kubectl -n " + namespace + " create -f -";
    }

    /** release-tag-commit7, the release's part cut so the whole stays a valid object name. */
    static String name(String release, String tag, String commit) {
        var suffix = "-" + tag + "-" + commit.substring(0, Math.min(7, commit.length()));
        var room = FieldRules.OBJECT_NAME_MAX - suffix.length();
        var head = release.length() > room ? release.substring(0, room) : release;
        return head.replaceAll("[-.]+$", "") + suffix;
    }
}
