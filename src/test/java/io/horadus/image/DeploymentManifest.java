package io.horadus.image;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What manifests/base/deployment.yaml asks of the operator's container, so the test runs the image the way
 * the Deployment does rather than with flags of its own: user and group, read-only root filesystem,
 * the emptyDir mounts, privilege escalation, dropped capabilities, the memory limit and the command's
 * arguments (the image runs {@code horadus}; the Deployment says which command).
 */
record DeploymentManifest(String image, long runAsUser, long runAsGroup, boolean readOnlyRootFilesystem,
                          boolean allowPrivilegeEscalation, List<String> droppedCapabilities, List<String> emptyDirMounts,
                          long memoryLimitBytes, List<String> args) {

    static final Path FILE = Path.of("manifests", "base", "deployment.yaml");

    static DeploymentManifest read() throws IOException {
        var deployment = new KubernetesSerialization().unmarshal(Files.readString(FILE), Deployment.class);
        var pod = deployment.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().stream().filter(c -> c.getName().equals("operator")).findFirst()
                .orElseThrow(() -> new IllegalStateException(FILE + " has no container named operator"));
        Set<String> emptyDirs = pod.getVolumes().stream().filter(v -> v.getEmptyDir() != null).map(v -> v.getName())
                .collect(Collectors.toSet());
        var security = container.getSecurityContext();
        return new DeploymentManifest(
                container.getImage(),
                pod.getSecurityContext().getRunAsUser(),
                pod.getSecurityContext().getRunAsGroup(),
                Boolean.TRUE.equals(security.getReadOnlyRootFilesystem()),
                !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation()),
                security.getCapabilities().getDrop(),
                container.getVolumeMounts().stream().filter(m -> emptyDirs.contains(m.getName())).map(m -> m.getMountPath()).toList(),
                Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")).longValueExact(),
                container.getArgs() == null ? List.of() : List.copyOf(container.getArgs()));
    }
}
