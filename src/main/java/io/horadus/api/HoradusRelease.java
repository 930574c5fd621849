package io.horadus.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A release of the Horadus application onto one Docker Compose host: the desired tag, where the
 * source lives, which host runs it and how a release is verified.
 */
@Group("horadus.io")
@Version("v1alpha1")
@Plural("horadusreleases")
@ShortNames("hrel")
@Categories("horadus")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class HoradusRelease extends CustomResource<HoradusReleaseSpec, HoradusReleaseStatus> implements Namespaced {

    @Override
    protected HoradusReleaseStatus initStatus() {
        return new HoradusReleaseStatus();
    }
}
