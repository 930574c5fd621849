package io.horadus.verify;

import io.horadus.release.port.HostState;
import io.horadus.release.port.ServiceContainer;
import io.horadus.release.port.VerificationReport.Check;

import java.util.List;
import java.util.Optional;

/** The runbook's `compose ps` read for one service: every container up, and healthy where it can tell. */
final class ServiceStateCheck {

    Check check(String service, HostState host) {
        String name = "service " + service;
        List<ServiceContainer> containers = host.service(service);
        if (containers.isEmpty()) {
            return new Check(name, false, "no container");
        }
        for (ServiceContainer container : containers) {
            Optional<String> problem = problem(container);
            if (problem.isPresent()) {
                // With replicas, name the bad one; with one container the service name says it all.
                String prefix = containers.size() > 1 ? container.name() + ": " : "";
                return new Check(name, false, prefix + problem.get());
            }
        }
        return new Check(name, true, containers.size() > 1 ? containers.size() + " containers running" : describe(containers.get(0)));
    }

    private static Optional<String> problem(ServiceContainer container) {
        if (!container.running()) {
            String state = container.state();
            return Optional.of(state == null || state.isBlank() ? "unknown state" : state);
        }
        if (container.health() == null) {
            // Fail closed: an observer that could not read health must not let a release pass.
            return Optional.of("health: unknown");
        }
        return switch (container.health()) {
            case NONE, HEALTHY -> Optional.empty();
            case STARTING -> Optional.of("health: starting");
            case UNHEALTHY -> Optional.of("unhealthy");
        };
    }

    private static String describe(ServiceContainer container) {
        return container.health() == ServiceContainer.Health.HEALTHY ? "running, healthy" : "running";
    }
}
