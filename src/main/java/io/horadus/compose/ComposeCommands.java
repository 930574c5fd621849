package io.horadus.compose;

import io.horadus.release.port.ComposeTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the compose argument arrays of the rollout steps. Pure: no I/O, so the exact argv can be
 * tested and recorded as it will run.
 */
public final class ComposeCommands {

    /** The label a migration run carries so the observer can find it again after a restart. */
    public static final String MIGRATION_RUN_LABEL = "horadus.io/migration-run";

    // Docker's own container-name rule; the run name is used as --name.
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private final List<String> binary;

    /** @param binary the compose command prefix, e.g. {@code [docker, compose]} or {@code [docker-compose]} */
    public ComposeCommands(List<String> binary) {
        if (binary.isEmpty()) {
            throw new IllegalArgumentException("compose binary must not be empty");
        }
        this.binary = List.copyOf(binary);
    }

    /**
     * {@code <bin> -p <project> -f <file>... build --force-rm <services...>}. With the classic builder (compose v1,
     * or {@code DOCKER_BUILDKIT=0}) a {@code RUN} that fails leaves its exited intermediate container behind
     * unless {@code --force-rm} is given, one per failed build, never removed; compose v2 accepts the flag (hidden,
     * its default) and BuildKit creates no such container.
     */
    public List<String> build(ComposeTarget target, List<String> services) {
        List<String> argv = prefix(target);
        argv.add("build");
        argv.add("--force-rm");
        addValues(argv, services, "service");
        return List.copyOf(argv);
    }

    /**
     * {@code <bin> -p <project> -f <file>... --profile <profile> run -T --name <runName>
     * --label horadus.io/migration-run=<runName> <service>}. {@code -T} because the operator has no
     * terminal to give the run. No {@code --rm}: the exited container is the durable record of the
     * exit code (the engine's event history is short and lost on a restart); the operator removes it
     * once status has recorded the code.
     */
    public List<String> migrate(ComposeTarget target, String service, String profile, String runName) {
        return migrate(target, service, profile, runName, List.of());
    }

    /** The same run with {@code command} after the service, in place of its own command. */
    public List<String> migrate(ComposeTarget target, String service, String profile, String runName, List<String> command) {
        if (runName == null || !CONTAINER_NAME.matcher(runName).matches()) {
            throw new IllegalArgumentException("run name is not a valid container name: " + runName);
        }
        List<String> argv = prefix(target);
        argv.add("--profile");
        argv.add(value(profile, "profile"));
        argv.addAll(List.of("run", "-T", "--name", runName, "--label", MIGRATION_RUN_LABEL + "=" + runName));
        argv.add(value(service, "service"));
        argv.addAll(command);
        return List.copyOf(argv);
    }

    /** {@code <bin> -p <project> -f <file>... up -d <services...>}. */
    public List<String> up(ComposeTarget target, List<String> services) {
        List<String> argv = prefix(target);
        argv.add("up");
        argv.add("-d");
        addValues(argv, services, "service");
        return List.copyOf(argv);
    }

    /** {@code <bin> -p <project> -f <file>... up -d --no-build <services...>}. */
    public List<String> restore(ComposeTarget target, List<String> services) {
        List<String> argv = prefix(target);
        argv.addAll(List.of("up", "-d", "--no-build"));
        addValues(argv, services, "service");
        return List.copyOf(argv);
    }

    private ArrayList<String> prefix(ComposeTarget target) {
        ArrayList<String> argv = new ArrayList<>(binary);
        argv.add("-p");
        argv.add(value(target.project(), "project"));
        for (String file : target.composeFiles()) {
            argv.add("-f");
            argv.add(value(file, "compose file"));
        }
        return argv;
    }

    private static void addValues(List<String> argv, List<String> values, String what) {
        for (String v : values) {
            argv.add(value(v, what));
        }
    }

    // No shell is involved, but compose still parses its own options: a value starting with "-"
    // would be read as an option (argument injection), so it is refused here.
    private static String value(String v, String what) {
        if (v == null || v.isBlank() || v.startsWith("-")) {
            throw new IllegalArgumentException("invalid " + what + ": " + v);
        }
        return v;
    }
}
