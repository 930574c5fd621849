package io.horadus.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.HostObserver;
import io.horadus.release.port.HostState;
import io.horadus.release.port.HostUnavailableException;
import io.horadus.release.port.MigrationRun;
import io.horadus.release.port.ServiceContainer;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link HostObserver} through the Docker API: finds a compose project's containers by the labels
 * compose puts on them, and a migration run by the label {@link ComposeCommands#migrate} gives it.
 * It lists, inspects and reads events; the only containers it removes are the operator's own
 * migration runs that have not started or whose exit code status has recorded.
 */
public final class DockerHostObserver implements HostObserver {

    static final String PROJECT_LABEL = "com.docker.compose.project";
    static final String SERVICE_LABEL = "com.docker.compose.service";
    static final String ONEOFF_LABEL = "com.docker.compose.oneoff";

    // Events are read from the daemon's memory; a bounded query of past events answers at once,
    // so a long wait means the daemon hangs.
    private static final Duration EVENTS_WAIT = Duration.ofSeconds(30);
    // Slack for the clocks of the operator and the Docker host, measured to within a round trip.
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

    private final DockerClients clients;

    public DockerHostObserver(DockerClients clients) {
        this.clients = clients;
    }

    @Override
    public HostState observe(ComposeTarget target) {
        DockerClient docker = clients.client(target.dockerHost(), target.tls());
        return onHost(target, () -> {
            List<Container> listed = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(PROJECT_LABEL, target.project())).exec();
            List<ServiceContainer> containers = new ArrayList<>();
            for (Container c : listed) {
                inspect(docker, c.getId()).ifPresent(i -> containers.add(toServiceContainer(c, i)));
            }
            containers.sort(Comparator.comparing(ServiceContainer::service).thenComparing(ServiceContainer::name));
            return new HostState(containers);
        });
    }

    @Override
    public MigrationRun migrationRun(ComposeTarget target, String runName, Instant since) {
        DockerClient docker = clients.client(target.dockerHost(), target.tls());
        Map<String, String> labels = Map.of(PROJECT_LABEL, target.project(), ComposeCommands.MIGRATION_RUN_LABEL, runName);
        return onHost(target, () -> {
            Optional<MigrationRun> fromContainer = fromContainers(docker, labels);
            return fromContainer.orElseGet(() -> fromDieEvent(docker, target, labels, since));
        });
    }

    @Override
    public void removeMigrationRun(ComposeTarget target, String runName) {
        DockerClient docker = clients.client(target.dockerHost(), target.tls());
        Map<String, String> labels = Map.of(PROJECT_LABEL, target.project(), ComposeCommands.MIGRATION_RUN_LABEL, runName);
        onHost(target, () -> {
            for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec()) {
                remove(docker, c.getId());
            }
            return null;
        });
    }

    @Override
    public void removeExitedMigrationRuns(ComposeTarget target, String current) {
        DockerClient docker = clients.client(target.dockerHost(), target.tls());
        onHost(target, () -> {
            List<Container> exited = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of(PROJECT_LABEL + "=" + target.project(), ComposeCommands.MIGRATION_RUN_LABEL))
                    .withStatusFilter(List.of("exited", "dead"))
                    .exec();
            for (Container c : exited) {
                String run = c.getLabels() == null ? null : c.getLabels().get(ComposeCommands.MIGRATION_RUN_LABEL);
                if (run == null || run.equals(current)) {
                    continue;
                }
                try {
                    remove(docker, c.getId());
                } catch (ConflictException e) {
                    // A leftover the engine will not remove now (already being removed, a dead
                    // container's busy files) costs disk only: the next migration tries again.
                }
            }
            return null;
        });
    }

    // Never forced: a running container is not ours to stop. Volumes are the application's data.
    private static void remove(DockerClient docker, String id) {
        try {
            docker.removeContainerCmd(id).withForce(false).withRemoveVolumes(false).exec();
        } catch (NotFoundException e) {
            // already gone: what it had to tell is recorded
        }
    }

    private static Optional<MigrationRun> fromContainers(DockerClient docker, Map<String, String> labels) {
        List<Container> listed = docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
        MigrationRun newest = null;
        long newestCreated = Long.MIN_VALUE;
        for (Container c : listed) {
            Optional<InspectContainerResponse> inspected = inspect(docker, c.getId());
            if (inspected.isEmpty()) {
                continue; // removed between list and inspect: its die event tells the rest
            }
            MigrationRun run = toMigrationRun(inspected.get().getState());
            if (run instanceof MigrationRun.Running) {
                return Optional.of(run);
            }
            long created = c.getCreated() == null ? 0 : c.getCreated();
            if (created >= newestCreated) {
                newest = run;
                newestCreated = created;
            }
        }
        return Optional.ofNullable(newest);
    }

    // "created" never started, so it has not run the migration. "paused" and "restarting" have not
    // produced an exit code yet; "removing" is someone (or AutoRemove) deleting a run that has exited.
    private static MigrationRun toMigrationRun(InspectContainerResponse.ContainerState state) {
        String status = state == null || state.getStatus() == null ? "" : state.getStatus();
        return switch (status) {
            case "exited", "dead", "removing" -> new MigrationRun.Exited(exitCode(state));
            case "created" -> new MigrationRun.Created();
            default -> new MigrationRun.Running();
        };
    }

    private static int exitCode(InspectContainerResponse.ContainerState state) {
        Long code = state.getExitCodeLong();
        return code == null ? -1 : code.intValue();
    }

    /**
     * The fallback when the run's container is gone although status has not recorded its exit code:
     * someone removed it ({@code docker container prune}), or an operator version before this one
     * started it with {@code run --rm}. Its "die" event may still tell. Both bounds are set so the
     * daemon returns the past events and ends the stream instead of following it. The daemon keeps
     * only its last 256 events in memory (none across a restart), so this answers for recent runs only.
     */
    private static MigrationRun fromDieEvent(DockerClient docker, ComposeTarget target, Map<String, String> labels, Instant since) {
        Duration skew = clockSkew(docker);
        Instant from = since.plus(skew).minus(CLOCK_SLACK);
        Instant until = Instant.now().plus(skew);
        if (!until.isAfter(from)) {
            return new MigrationRun.Absent();
        }
        DieEvents events = new DieEvents();
        docker.eventsCmd()
                .withSince(timestamp(from))
                .withUntil(timestamp(until))
                .withEventTypeFilter(EventType.CONTAINER)
                .withEventFilter("die")
                .withLabelFilter(labels)
                .exec(events);
        try (events) {
            if (!events.awaitCompletion(EVENTS_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new HostUnavailableException("Docker engine at " + DockerClients.describe(target.dockerHost())
                        + " did not end an events query within " + EVENTS_WAIT.toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostUnavailableException("interrupted while reading events of "
                    + DockerClients.describe(target.dockerHost()), e);
        } catch (IOException e) {
            // Closing a finished callback: nothing left to release.
        }
        return events.lastExitCode().<MigrationRun>map(MigrationRun.Exited::new).orElseGet(MigrationRun.Absent::new);
    }

    /**
     * How far the Docker host's clock is ahead of ours. Event times are the host's, while
     * {@code since} is the operator's.
     */
    private static Duration clockSkew(DockerClient docker) {
        Instant before = Instant.now();
        String systemTime = docker.infoCmd().exec().getSystemTime();
        Instant after = Instant.now();
        if (systemTime == null) {
            return Duration.ZERO;
        }
        try {
            Instant hostNow = OffsetDateTime.parse(systemTime).toInstant();
            Instant ourNow = before.plus(Duration.between(before, after).dividedBy(2));
            return Duration.between(ourNow, hostNow);
        } catch (DateTimeParseException e) {
            return Duration.ZERO;
        }
    }

    // The events API takes seconds[.nanoseconds] since the epoch.
    static String timestamp(Instant instant) {
        return String.format("%d.%09d", instant.getEpochSecond(), instant.getNano());
    }

    /** Collects the exit code of the last "die" event of a finite events stream. */
    private static final class DieEvents extends ResultCallback.Adapter<Event> {
        private volatile Integer lastExitCode;

        @Override
        public void onNext(Event event) {
            if (event.getActor() == null || event.getActor().getAttributes() == null) {
                return;
            }
            String code = event.getActor().getAttributes().get("exitCode");
            if (code != null) {
                try {
                    lastExitCode = Integer.parseInt(code.trim());
                } catch (NumberFormatException e) {
                    // A die event without a usable code is no evidence either way.
                }
            }
        }

        Optional<Integer> lastExitCode() {
            return Optional.ofNullable(lastExitCode);
        }
    }

    private static ServiceContainer toServiceContainer(Container listed, InspectContainerResponse inspected) {
        Map<String, String> labels = listed.getLabels() == null ? Map.of() : listed.getLabels();
        String service = labels.getOrDefault(SERVICE_LABEL, "");
        boolean oneOff = "True".equalsIgnoreCase(labels.get(ONEOFF_LABEL));
        String image = inspected.getConfig() != null && inspected.getConfig().getImage() != null
                ? inspected.getConfig().getImage() : listed.getImage();
        InspectContainerResponse.ContainerState state = inspected.getState();
        String status = state != null && state.getStatus() != null ? state.getStatus() : listed.getState();
        String imageId = inspected.getImageId() != null ? inspected.getImageId() : listed.getImageId();
        return new ServiceContainer(service, listed.getId(), name(listed, inspected), image, imageId, status,
                health(state == null ? null : state.getHealth()), oneOff);
    }

    private static String name(Container listed, InspectContainerResponse inspected) {
        String name = inspected.getName();
        if (name == null && listed.getNames() != null && listed.getNames().length > 0) {
            name = listed.getNames()[0];
        }
        if (name == null) {
            return "";
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static ServiceContainer.Health health(HealthState health) {
        if (health == null || health.getStatus() == null) {
            return ServiceContainer.Health.NONE;
        }
        return switch (health.getStatus()) {
            case "healthy" -> ServiceContainer.Health.HEALTHY;
            case "unhealthy" -> ServiceContainer.Health.UNHEALTHY;
            case "starting" -> ServiceContainer.Health.STARTING;
            default -> ServiceContainer.Health.NONE;
        };
    }

    // A container can vanish between list and inspect (compose run --rm, down): it is simply gone.
    private static Optional<InspectContainerResponse> inspect(DockerClient docker, String id) {
        try {
            return Optional.of(docker.inspectContainerCmd(id).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private static <T> T onHost(ComposeTarget target, Supplier<T> call) {
        return EngineCalls.onHost(target, call);
    }
}
