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

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private CrdFile() {
    }

    public static Path committed() {
        return Path.of(System.getProperty("crd.dir", "crds")).resolve(NAME);
    }

    public static CustomResourceDefinition read(Path file) throws IOException {
        return SERIALIZATION.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    }

    /** The generated CRD with the contract's column order. */
    public static CustomResourceDefinition fromGenerated(Path generated) throws IOException {
        var crd = read(generated);
        for (var version : crd.getSpec().getVersions()) {
            var columns = new java.util.ArrayList<>(version.getAdditionalPrinterColumns());
            columns.sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> {
                var index = COLUMN_ORDER.indexOf(c.getName());
                return index < 0 ? COLUMN_ORDER.size() : index;
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
