package io.horadus.verify;

import io.horadus.release.port.HostState;
import io.horadus.release.port.ServiceContainer.Health;
import io.horadus.release.port.ServiceContainer;
import io.horadus.release.port.VerificationReport.Check;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceStateCheckTest {

    private final ServiceStateCheck check = new ServiceStateCheck();

    @Test
    void aRunningContainerWithoutHealthcheckPasses() {
        assertThat(check.check("beat", host(container("beat", "beat_1", "running", Health.NONE))))
                .isEqualTo(new Check("service beat", true, "running"));
    }

    @Test
    void aRunningHealthyContainerPasses() {
        assertThat(check.check("api", host(container("api", "api_1", "running", Health.HEALTHY))))
                .isEqualTo(new Check("service api", true, "running, healthy"));
    }

    @Test
    void aServiceWithoutContainerFails() {
        assertThat(check.check("beat", host(container("api", "api_1", "running", Health.NONE))))
                .isEqualTo(new Check("service beat", false, "no container"));
    }

    @Test
    void aOneOffRunDoesNotCountAsTheService() {
        ServiceContainer run = new ServiceContainer("migrate", "id", "migrate_run_1", "img", "running", Health.NONE, true);

        assertThat(check.check("migrate", host(run))).isEqualTo(new Check("service migrate", false, "no container"));
    }

    @Test
    void aStoppedContainerFailsWithItsState() {
        assertThat(check.check("worker", host(container("worker", "worker_1", "exited", Health.NONE))))
                .isEqualTo(new Check("service worker", false, "exited"));
        assertThat(check.check("worker", host(container("worker", "worker_1", "restarting", Health.NONE))))
                .isEqualTo(new Check("service worker", false, "restarting"));
    }

    @Test
    void aContainerStillStartingFails() {
        assertThat(check.check("api", host(container("api", "api_1", "running", Health.STARTING))))
                .isEqualTo(new Check("service api", false, "health: starting"));
    }

    @Test
    void anUnhealthyContainerFails() {
        assertThat(check.check("api", host(container("api", "api_1", "running", Health.UNHEALTHY))))
                .isEqualTo(new Check("service api", false, "unhealthy"));
    }

    @Test
    void unknownHealthFailsClosed() {
        assertThat(check.check("api", host(container("api", "api_1", "running", null))))
                .isEqualTo(new Check("service api", false, "health: unknown"));
    }

    @Test
    void withReplicasEveryOneMustBeUpAndTheBadOneIsNamed() {
        HostState host = host(container("worker", "worker_1", "running", Health.NONE),
                container("worker", "worker_2", "exited", Health.NONE));

        assertThat(check.check("worker", host)).isEqualTo(new Check("service worker", false, "worker_2: exited"));
    }

    @Test
    void allReplicasUpPass() {
        HostState host = host(container("worker", "worker_1", "running", Health.NONE),
                container("worker", "worker_2", "running", Health.NONE));

        assertThat(check.check("worker", host)).isEqualTo(new Check("service worker", true, "2 containers running"));
    }

    private static HostState host(ServiceContainer... containers) {
        return new HostState(List.of(containers));
    }

    private static ServiceContainer container(String service, String name, String state, Health health) {
        return new ServiceContainer(service, "id-" + name, name, "horadus-" + service + ":v1", state, health, false);
    }
}
