package io.horadus.it;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.horadus.api.Condition;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.SourceSpec;
import io.horadus.api.TargetSpec;
import io.horadus.api.VerifySpec;
import io.horadus.demo.SampleApp;
import io.horadus.release.ReleaseRequest;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** HoradusRelease objects for the sample app, and how a test reads them back. */
public final class Releases {

    public static final String NAMESPACE = "default";
    private static final int CONFLICT_ATTEMPTS = 10;

    private final KubernetesClient client;

    public Releases(KubernetesClient client) {
        this.client = client;
    }

    public HoradusRelease create(String name, String tag, String repositoryUrl, String project, SampleApp.Variant app) {
        return create(name, tag, repositoryUrl, project, app, spec -> { });
    }

    public HoradusRelease create(String name, String tag, String repositoryUrl, String project, SampleApp.Variant app,
                          Consumer<HoradusReleaseSpec> customize) {
        return create(name, tag, repositoryUrl, project, app.healthUrl(), app.metricsUrl(), customize);
    }

    /** A release of any app, checked at these URLs. */
    public HoradusRelease create(String name, String tag, String repositoryUrl, String project, String healthUrl, String metricsUrl,
                          Consumer<HoradusReleaseSpec> customize) {
        var spec = new HoradusReleaseSpec();
        spec.setTag(tag);
        var source = new SourceSpec();
        source.setUrl(repositoryUrl);
        spec.setSource(source);
        var target = new TargetSpec();
        target.setProject(project);
        spec.setTarget(target);
        var verify = new VerifySpec();
        verify.setHealthUrl(healthUrl);
        verify.setMetricsUrl(metricsUrl);
        verify.setIntervalSeconds(1);
        verify.setTimeoutSeconds(30);
        // A verified release becomes the last good one at once; the rollback tests set a window where they need one.
        verify.setWatchSeconds(0);
        spec.setVerify(verify);
        customize.accept(spec);
        var release = new HoradusRelease();
        release.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        release.setSpec(spec);
        return client.resource(release).create();
    }

    public void setTag(String name, String tag) {
        edit(name, spec -> spec.setTag(tag));
    }

    /** Changes the spec as a person or a GitOps tool would (a new generation). */
    public void edit(String name, Consumer<HoradusReleaseSpec> change) {
        change(name, release -> change.accept(release.getSpec()));
    }

    /** Asks for one more attempt of the same tag, as a person does: a new value of the retry annotation. */
    public void retry(String name, String value) {
        change(name, release -> release.getMetadata().getAnnotations().put(io.horadus.manifest.Annotations.RETRY, value));
    }

    /** Asks for a person's rollback, as on-call does: {@code kubectl annotate hrel NAME horadus.io/rollback=VALUE --overwrite}. */
    public void rollback(String name, String value) {
        change(name, release -> release.getMetadata().getAnnotations().put(io.horadus.manifest.Annotations.ROLLBACK, value));
    }

    /**
     * Read, change, write with the read resourceVersion, and on a 409 read again and redo the change, as
     * {@code kubectl edit} asks a person to: the operator writes status at any time (watch rounds
     * included), so a conflict is expected, never a failure of the test.
     */
    private void change(String name, Consumer<HoradusRelease> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(HoradusRelease.class).inNamespace(NAMESPACE).withName(name).edit(release -> {
                    change.accept(release);
                    return release;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    public HoradusRelease get(String name) {
        return client.resources(HoradusRelease.class).inNamespace(NAMESPACE).withName(name).get();
    }

    public Optional<Condition> condition(String name, String type) {
        var release = get(name);
        if (release == null || release.getStatus() == null) {
            return Optional.empty();
        }
        return release.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** True when Ready=True for the tag the spec asks now (not an earlier release), running on the host. */
    public boolean readyAt(String name, String tag) {
        var release = get(name);
        return release != null && release.getStatus() != null
                && tag.equals(release.getStatus().getCurrentTag())
                && condition(name, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false)
                && release.getStatus().getObservedGeneration() != null
                && release.getStatus().getObservedGeneration().equals(release.getMetadata().getGeneration());
    }

    /** True when Stalled=True was computed for the current generation. */
    public boolean stalled(String name) {
        var release = get(name);
        return release != null && release.getStatus() != null
                && condition(name, "Stalled").map(c -> "True".equals(c.getStatus())
                && c.getObservedGeneration().equals(release.getMetadata().getGeneration())).orElse(false);
    }

    /**
     * A suspended release of a repository that does not exist, carrying these annotations: the operator only
     * records Suspended (no git, no Docker), so what it holds of the object is all such a test measures.
     */
    public static HoradusRelease suspended(String name, Map<String, String> annotations) {
        var spec = new HoradusReleaseSpec();
        spec.setTag("v1.0.0");
        spec.setSuspend(true);
        var source = new SourceSpec();
        source.setUrl("https://git.example.invalid/" + name + ".git");
        spec.setSource(source);
        var target = new TargetSpec();
        target.setProject(name);
        spec.setTarget(target);
        var verify = new VerifySpec();
        verify.setHealthUrl("http://127.0.0.1:1/health");
        spec.setVerify(verify);
        var release = new HoradusRelease();
        release.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withAnnotations(annotations).build());
        release.setSpec(spec);
        return release;
    }

    /** A manifest as JSON (as kubectl's last-applied copy is), padded to {@code bytes} and different for every name. */
    public static String paddedManifest(String name, int bytes) {
        var json = new StringBuilder("{\"apiVersion\":\"horadus.io/v1alpha1\",\"kind\":\"HoradusRelease\",\"metadata\":{\"name\":\"")
                .append(name).append("\",\"annotations\":{\"example.com/notes\":\"");
        var random = new java.util.Random(name.hashCode());
        while (json.length() < bytes - 80) {
            json.append((char) ('a' + random.nextInt(26)));
        }
        return json.append("\"}},\"spec\":{\"tag\":\"v1.0.0\",\"suspend\":true}}").toString();
    }
}
