package io.horadus.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A reviewer's approval of one release's tag at one commit. A kind of its own, not a field of the
 * release, so that RBAC can let a reviewer approve without changing the tag, and a release driver
 * change the tag without approving. Has no status: the release's status says whether it was used.
 */
@Group("horadus.io")
@Version("v1alpha1")
@Plural("horadusapprovals")
@ShortNames("happr")
@Categories("horadus")
@ValidationRule(value = "has(self.spec)", message = "spec is required: release, tag and commit")
@AdditionalPrinterColumn(name = "Release", jsonPath = ".spec.release", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Tag", jsonPath = ".spec.tag", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Commit", jsonPath = ".spec.commit", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class HoradusApproval extends CustomResource<HoradusApprovalSpec, Void> implements Namespaced {
}
