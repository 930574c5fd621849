package io.horadus.demo;

import io.horadus.api.FieldRules;

import java.util.regex.Pattern;

/**
 * The HoradusRelease that releases one tag of a {@link SampleProject}, as YAML a person could have
 * written and {@code apply -f}: the runbook's gates, rollout, checks and rollback, with a watch short
 * enough to see a rollback within seconds. The compose project is named like the release.
 *
 * <p>Timing: a verified release is watched every {@value #INTERVAL_SECONDS} s; {@value #FAILURE_THRESHOLD}
 * failed rounds in a row roll it back (so about {@value #INTERVAL_SECONDS} × {@value #FAILURE_THRESHOLD} s
 * after its health fails); it becomes the last good release {@value #WATCH_SECONDS} s after it was verified,
 * so an upgrade applied earlier than that would roll back past it.
 *
 * @param name      the release's name and its compose project ({@code target.project})
 * @param tag       the tag to release
 * @param sourceUrl the git repository, a file:// URL for the sample
 * @param apiPort   the port the sample's api answers on, on 127.0.0.1
 */
public record ReleaseManifest(String name, String tag, String sourceUrl, int apiPort) {

    public static final int INTERVAL_SECONDS = 5;
    public static final int FAILURE_THRESHOLD = 2;
    public static final int WATCH_SECONDS = 10;
    public static final int TIMEOUT_SECONDS = 30;

    // Both an object name (DNS-1123 label) and a compose project name.
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$");
    private static final Pattern TAG = Pattern.compile(FieldRules.TAG);
    private static final Pattern URL = Pattern.compile(FieldRules.GIT_URL);

    // Checked here, not left to apply: the values go into YAML unescaped, and a manifest the demo
    // writes must never be the one a user sees refused.
    public ReleaseManifest {
        if (name == null || !NAME.matcher(name).matches() || name.length() > 63) {
            throw new IllegalArgumentException("not a release name (lowercase letters, digits, '-'; at most 63): " + name);
        }
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("not a release tag (vMAJOR.MINOR.PATCH): " + tag);
        }
        if (sourceUrl == null || !URL.matcher(sourceUrl).matches()) {
            throw new IllegalArgumentException("not a git URL a release accepts (no spaces or shell characters): " + sourceUrl);
        }
        if (apiPort < 1 || apiPort > 65535) {
            throw new IllegalArgumentException("apiPort out of range: " + apiPort);
        }
    }

    /** The same release asking for another tag, as a person editing {@code spec.tag} would. */
    public ReleaseManifest withTag(String other) {
        return new ReleaseManifest(name, other, sourceUrl, apiPort);
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + apiPort + "/health";
    }

    public String metricsUrl() {
        return "http://127.0.0.1:" + apiPort + "/metrics";
    }

    /** The manifest. */
    public String yaml() {
        return """
                # The sample project released by horadus demo (io.horadus.demo.SampleProject).
                apiVersion: horadus.io/v1alpha1
                kind: HoradusRelease
                metadata:
                  name: %1$s
                  namespace: default
                spec:
                  tag: %2$s
                  source:
                    url: "%3$s"
                    branch: %4$s
                  target:
                    project: %1$s
                    composeFiles: [%5$s]
                  releaseNotes:
                    required: true            # the annotated tag's message body, else the CHANGELOG's section
                    changelog: %6$s
                  # The runbook's make check, make test and make db-upgrade: the base image has no make, so each
                  # gate runs the script its Makefile target runs.
                  gates:
                    - name: check
                      image: %7$s
                      command: [sh, scripts/check.sh]
                    - name: test
                      image: %7$s
                      command: [sh, scripts/test.sh]
                    - name: db-upgrade
                      image: %7$s
                      command: [sh, scripts/db-upgrade.sh]
                  rollout:
                    build: [api, worker]
                    migration: {service: %8$s, profile: %9$s}
                    up: [api, worker, beat]
                  verify:
                    healthUrl: %10$s
                    metricsUrl: %11$s
                    intervalSeconds: %12$d     # a check round every this many seconds while watching
                    timeoutSeconds: %13$d      # every check must pass once within this after the rollout
                    failureThreshold: %14$d     # failed rounds in a row that roll back to the last good tag
                    watchSeconds: %15$d        # the release becomes the last good tag after this
                  rollback:
                    enabled: true
                    keep: 3
                """.formatted(name, tag, sourceUrl, SampleProject.BRANCH, SampleApp.COMPOSE_FILE, SampleProject.CHANGELOG,
                BaseImage.NAME, SampleApp.MIGRATION_SERVICE, SampleApp.MIGRATION_PROFILE, healthUrl(), metricsUrl(),
                INTERVAL_SECONDS, TIMEOUT_SECONDS, FAILURE_THRESHOLD, WATCH_SECONDS);
    }
}
