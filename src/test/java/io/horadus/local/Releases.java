package io.horadus.local;

import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;

import java.time.Instant;

/** A release as a person runs one: a spec with checks and a metric rule, a status after an upgrade and a rollback. */
final class Releases {

    static final ReleaseKey KEY = ReleaseKey.of("default", "horadus");
    static final Instant CREATED = Instant.parse("2026-12-05T09:00:00Z");

    private Releases() {
    }

    static HoradusReleaseSpec spec(String tag) {
        var spec = ReleaseJson.read("""
                {"tag": "v1.4.2",
                 "source": {"url": "https://git.example.com/horadus/horadus.git", "branch": "main", "secretRef": "git-credentials"},
                 "target": {"project": "horadus", "dockerHost": "unix:///var/run/docker.sock", "composeFiles": ["docker-compose.yml"]},
                 "verify": {"healthUrl": "http://127.0.0.1:8000/health", "metricsUrl": "http://127.0.0.1:8000/metrics",
                            "failureThreshold": 3, "intervalSeconds": 10, "watchSeconds": 600,
                            "metrics": [{"name": "errors", "ratio": {"numerator": "http_requests_total{status=~\\"5..\\"}",
                                         "denominator": "http_requests_total", "max": 0.05}}]},
                 "approval": {"required": "MajorBump"}}
                """, HoradusReleaseSpec.class);
        spec.setTag(tag);
        return spec;
    }

    static HoradusReleaseStatus status() {
        return ReleaseJson.read("""
                {"observedGeneration": 2, "phase": "Ready", "desiredTag": "v1.4.2", "currentTag": "v1.4.1", "lastGoodTag": "v1.4.1",
                 "currentCommit": "1410000000000000000000000000000000000000", "lastGoodCommit": "1410000000000000000000000000000000000000",
                 "release": {"tag": "v1.4.2", "commit": "1420000000000000000000000000000000000000", "step": "Verify", "stepState": "Failed",
                             "attempt": 1, "generation": 2, "startedAt": "2026-12-05T10:00:00Z", "stepStartedAt": "2026-12-05T10:00:07Z"},
                 "rollback": {"fromTag": "v1.4.2", "toTag": "v1.4.1"},
                 "goodReleases": [{"tag": "v1.4.1", "commit": "1410000000000000000000000000000000000000", "promotedAt": "2026-12-04T18:00:00Z"}],
                 "lastCommand": {"step": "RollOut", "argv": ["docker", "compose", "-p", "horadus", "up", "-d", "api", "worker", "beat"],
                                 "exitCode": 0, "outputTail": ["Container horadus-api-1  Started"], "finishedAt": "2026-12-05T10:00:31Z",
                                 "durationMillis": 1830},
                 "history": [{"tag": "v1.4.2", "commit": "1420000000000000000000000000000000000000", "outcome": "RolledBack",
                              "reason": "HealthCheckFailed", "message": "health failed 3 rounds in a row: GET /health answered 503",
                              "startedAt": "2026-12-05T10:00:00Z", "finishedAt": "2026-12-05T10:01:02Z"},
                             {"tag": "v1.4.1", "commit": "1410000000000000000000000000000000000000", "outcome": "Succeeded",
                              "reason": "Released", "message": "v1.4.1 released", "startedAt": "2026-12-04T17:59:00Z",
                              "finishedAt": "2026-12-04T18:00:00Z"}],
                 "conditions": [{"type": "Ready", "status": "True", "reason": "RolledBack", "message": "rolled back to v1.4.1: v1.4.2 failed its checks",
                                 "lastTransitionTime": "2026-12-05T10:01:02Z", "observedGeneration": 2},
                                {"type": "Reconciling", "status": "False", "reason": "RolledBack", "message": "nothing to do",
                                 "lastTransitionTime": "2026-12-05T10:01:02Z", "observedGeneration": 2},
                                {"type": "Stalled", "status": "False", "reason": "RolledBack", "message": "",
                                 "lastTransitionTime": "2026-12-05T10:01:02Z", "observedGeneration": 2}]}
                """, HoradusReleaseStatus.class);
    }

    /** The release at generation 2 (one spec change since it was created), with {@link #status()}. */
    static StoredRelease upgraded() {
        return StoredRelease.create(KEY, spec("v1.4.1"), CREATED).withSpec(spec("v1.4.2")).withStatus(status());
    }
}
