package io.horadus.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The committed CRD in crds/, and how it is made from the one Quarkus generates from the Java types:
 * the same document with the printer columns in the contract's order (the generator sorts them by
 * JSON path; kubectl shows them in document order).
 */
public final class CrdFile {

    public static final String NAME = "horadusreleases.horadus.io-v1.yml";
    public static final List<String> COLUMN_ORDER = List.of("Desired", "Current", "Last Good", "Phase", "Ready", "Age");
    /** The reviewer's kind: its own file, so a cluster may install the releases' CRD alone. */
    public static final String APPROVALS = "horadusapprovals.horadus.io-v1.yml";
    private static final java.util.Map<String, List<String>> COLUMN_ORDERS = java.util.Map.of(
            NAME, COLUMN_ORDER, APPROVALS, List.of("Release", "Tag", "Commit", "Age"));

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private CrdFile() {
    }

    public static Path committed() {
        return committed(NAME);
    }

    public static Path committed(String name) {
        return Path.of(System.getProperty("crd.dir", "crds")).resolve(name);
    }

    public static CustomResourceDefinition read(Path file) throws IOException {
        return SERIALIZATION.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    }

    /** The generated CRD with the contract's column order. */
    public static CustomResourceDefinition fromGenerated(Path generated) throws IOException {
        var crd = read(generated);
        var order = COLUMN_ORDERS.getOrDefault(generated.getFileName().toString(), COLUMN_ORDER);
        for (var version : crd.getSpec().getVersions()) {
            var columns = new java.util.ArrayList<>(version.getAdditionalPrinterColumns());
            columns.sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> {
                var index = order.indexOf(c.getName());
                return index < 0 ? order.size() : index;
            }));
            version.setAdditionalPrinterColumns(columns);
        }
        return crd;
    }

    public static void write(CustomResourceDefinition crd, Path file) throws IOException {
        Files.writeString(file, "# Generated from the Java types in io.horadus.api (see docs/crd-reference.md); do not edit by hand.\n"
                + "# Regenerate: ./mvnw verify -Dcrds.update=true -Dit.test=CrdInSyncIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false\n"
                + SERIALIZATION.asYaml(crd));
    }
}
