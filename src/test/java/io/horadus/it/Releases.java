package io.horadus.it;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.horadus.api.Condition;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.SourceSpec;
import io.horadus.api.TargetSpec;
import io.horadus.api.VerifySpec;
import io.horadus.testing.SampleApp;

import java.util.Optional;
import java.util.function.Consumer;

/** HoradusRelease objects for the sample app, and how a test reads them back. */
final class Releases {

    static final String NAMESPACE = "default";

    private final KubernetesClient client;

    Releases(KubernetesClient client) {
        this.client = client;
    }

    HoradusRelease create(String name, String tag, String repositoryUrl, String project, SampleApp.Variant app) {
        return create(name, tag, repositoryUrl, project, app, spec -> { });
    }

    HoradusRelease create(String name, String tag, String repositoryUrl, String project, SampleApp.Variant app,
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
        verify.setHealthUrl(app.healthUrl());
        verify.setMetricsUrl(app.metricsUrl());
        verify.setIntervalSeconds(1);
        verify.setTimeoutSeconds(30);
        spec.setVerify(verify);
        customize.accept(spec);
        var release = new HoradusRelease();
        release.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        release.setSpec(spec);
        return client.resource(release).create();
    }

    void setTag(String name, String tag) {
        client.resources(HoradusRelease.class).inNamespace(NAMESPACE).withName(name)
                .edit(release -> {
                    release.getSpec().setTag(tag);
                    return release;
                });
    }

    HoradusRelease get(String name) {
        return client.resources(HoradusRelease.class).inNamespace(NAMESPACE).withName(name).get();
    }

    Optional<Condition> condition(String name, String type) {
        var release = get(name);
        if (release == null || release.getStatus() == null) {
            return Optional.empty();
        }
        return release.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** True when Ready=True for the tag the spec asks now (not an earlier release). */
    boolean readyAt(String name, String tag) {
        var release = get(name);
        return release != null && release.getStatus() != null
                && tag.equals(release.getStatus().getLastGoodTag())
                && condition(name, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false)
                && release.getStatus().getObservedGeneration() != null
                && release.getStatus().getObservedGeneration().equals(release.getMetadata().getGeneration());
    }

    /** True when Stalled=True was computed for the current generation. */
    boolean stalled(String name) {
        var release = get(name);
        return release != null && release.getStatus() != null
                && condition(name, "Stalled").map(c -> "True".equals(c.getStatus())
                && c.getObservedGeneration().equals(release.getMetadata().getGeneration())).orElse(false);
    }
}
