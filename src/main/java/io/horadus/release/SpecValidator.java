package io.horadus.release;

import io.horadus.api.HoradusReleaseSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The schema's rules again, in code: an API server without CEL (or a client that skipped validation)
 * must still never get bad input onto the host. Returns what is wrong, one line per problem.
 */
public final class SpecValidator {

    private static final Pattern TAG = Pattern.compile(HoradusReleaseSpec.TAG_PATTERN);
    private static final Pattern SERVICE = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$");
    private static final Pattern PROJECT = Pattern.compile("^[a-z0-9][a-z0-9_-]*$");
    private static final Pattern DOCKER_HOST = Pattern.compile("^(unix:///|tcp://).+");
    private static final Pattern URL = Pattern.compile("^https?://.+");

    private SpecValidator() {
    }

    public static List<String> problems(HoradusReleaseSpec spec) {
        var problems = new ArrayList<String>();
        if (spec.getTag() == null || !TAG.matcher(spec.getTag()).matches()) {
            problems.add("spec.tag '" + spec.getTag() + "' is not vMAJOR.MINOR.PATCH");
        }
        if (spec.getSource() == null || spec.getSource().getUrl() == null || spec.getSource().getUrl().isBlank()) {
            problems.add("spec.source.url is required");
        }
        var target = spec.getTarget();
        if (target == null) {
            problems.add("spec.target is required");
        } else {
            if (target.getProject() == null || !PROJECT.matcher(target.getProject()).matches()) {
                problems.add("spec.target.project '" + target.getProject() + "' is not a compose project name");
            }
            if (target.getDockerHost() == null || !DOCKER_HOST.matcher(target.getDockerHost()).matches()) {
                problems.add("spec.target.dockerHost must be unix:///... or tcp://...");
            }
            if (target.getComposeFiles() == null || target.getComposeFiles().isEmpty()) {
                problems.add("spec.target.composeFiles needs at least one file");
            } else {
                for (var file : target.getComposeFiles()) {
                    if (file == null || file.isBlank() || file.startsWith("/") || file.contains("..") || file.startsWith("-")) {
                        problems.add("spec.target.composeFiles entry '" + file + "' must be a path inside the repository");
                    }
                }
            }
        }
        var rollout = spec.getRollout();
        if (rollout != null) {
            checkServices(problems, "spec.rollout.build", rollout.getBuild(), false);
            checkServices(problems, "spec.rollout.up", rollout.getUp(), true);
            var migration = rollout.getMigration();
            if (migration != null && migration.isEnabled()) {
                checkServices(problems, "spec.rollout.migration.service", nullSafe(migration.getService()), true);
                checkServices(problems, "spec.rollout.migration.profile", nullSafe(migration.getProfile()), true);
            }
        }
        var verify = spec.getVerify();
        if (verify == null || verify.getHealthUrl() == null || !URL.matcher(verify.getHealthUrl()).matches()) {
            problems.add("spec.verify.healthUrl must be an http(s) URL");
        } else {
            if (verify.getMetricsUrl() != null && !URL.matcher(verify.getMetricsUrl()).matches()) {
                problems.add("spec.verify.metricsUrl must be an http(s) URL");
            }
            if (verify.getIntervalSeconds() < 1 || verify.getTimeoutSeconds() < 1) {
                problems.add("spec.verify.intervalSeconds and timeoutSeconds must be at least 1");
            }
        }
        return problems;
    }

    private static List<String> nullSafe(String value) {
        return value == null ? List.of("") : List.of(value);
    }

    private static void checkServices(List<String> problems, String field, List<String> services, boolean required) {
        if (services == null || (required && services.isEmpty())) {
            problems.add(field + " needs at least one service");
            return;
        }
        for (var service : services) {
            if (service == null || !SERVICE.matcher(service).matches()) {
                problems.add(field + " entry '" + service + "' is not a compose service name");
            }
        }
    }
}
