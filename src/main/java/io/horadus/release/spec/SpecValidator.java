package io.horadus.release.spec;

import io.horadus.api.DownMigrationSpec;
import io.horadus.api.FieldRules;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.ProjectFileSpec;
import io.horadus.api.PromotionSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The schema's rules again, in code: an API server without CEL (or a client that skipped validation)
 * must still never get bad input onto the host. Returns what is wrong, one line per problem.
 */
public final class SpecValidator {

    private static final Pattern TAG = Pattern.compile(FieldRules.TAG);
    private static final Pattern SERVICE = Pattern.compile(FieldRules.SERVICE_NAME);
    private static final Pattern PROJECT = Pattern.compile(FieldRules.PROJECT);
    private static final Pattern OBJECT_NAME = Pattern.compile(FieldRules.OBJECT_NAME);
    private static final Pattern COMPOSE_FILE = Pattern.compile(FieldRules.COMPOSE_FILE);
    private static final Pattern GIT_URL = Pattern.compile(FieldRules.GIT_URL);
    private static final Pattern BRANCH = Pattern.compile(FieldRules.BRANCH);
    private static final Pattern DOCKER_HOST = Pattern.compile(FieldRules.DOCKER_HOST);
    private static final Pattern URL = Pattern.compile(FieldRules.HTTP_URL);
    private static final Pattern SECRET_KEY = Pattern.compile(FieldRules.SECRET_KEY);
    private static final Pattern COMMAND_ARG = Pattern.compile(FieldRules.COMMAND_ARG);
    private static final Pattern GIT_DIRECTORY = Pattern.compile(FieldRules.GIT_DIRECTORY);

    private SpecValidator() {
    }

    public static List<String> problems(HoradusReleaseSpec spec) {
        var problems = new ArrayList<String>();
        var auto = spec.getPromotion() != null && spec.getPromotion().isAuto();
        if (auto && spec.getTag() != null) {
            problems.add("spec.tag must be left out when spec.promotion.auto is true: the tag follows the upstream's last good tag");
        } else if (!auto && spec.getTag() == null) {
            problems.add("spec.tag is required, unless spec.promotion.auto chooses the tag");
        } else if (!auto && !matches(TAG, spec.getTag(), FieldRules.TAG_MAX)) {
            problems.add("spec.tag '" + spec.getTag() + "' is not vMAJOR.MINOR.PATCH");
        }
        checkPromotion(problems, spec.getPromotion());
        var source = spec.getSource();
        if (source == null || !matches(GIT_URL, source.getUrl(), FieldRules.URL_MAX)) {
            problems.add("spec.source.url must be an https://, ssh://, user@host:path, file:// or absolute path URL without whitespace or shell metacharacters");
        } else {
            if (!matches(BRANCH, source.getBranch(), FieldRules.BRANCH_MAX)) {
                problems.add("spec.source.branch '" + source.getBranch() + "' is not a branch name");
            }
            checkSecretName(problems, "spec.source.secretRef", source.getSecretRef());
        }
        var target = spec.getTarget();
        if (target == null) {
            problems.add("spec.target is required");
        } else {
            if (!matches(PROJECT, target.getProject(), FieldRules.NAME_MAX)) {
                problems.add("spec.target.project '" + target.getProject() + "' is not a compose project name");
            }
            if (!matches(DOCKER_HOST, target.getDockerHost(), FieldRules.DOCKER_HOST_MAX)) {
                problems.add("spec.target.dockerHost must be unix:///path or tcp://host:port");
            } else if (target.getTlsSecretRef() != null && !target.getDockerHost().startsWith("tcp://")) {
                problems.add("spec.target.tlsSecretRef applies to a tcp:// dockerHost only");
            }
            checkSecretName(problems, "spec.target.tlsSecretRef", target.getTlsSecretRef());
            var files = target.getComposeFiles();
            if (files == null || files.isEmpty() || files.size() > FieldRules.COMPOSE_FILES_MAX) {
                problems.add("spec.target.composeFiles needs 1 to " + FieldRules.COMPOSE_FILES_MAX + " files");
            } else {
                for (var file : files) {
                    if (!matches(COMPOSE_FILE, file, FieldRules.PATH_MAX)) {
                        problems.add("spec.target.composeFiles entry '" + file + "' must be a path inside the repository");
                    } else if (GIT_DIRECTORY.matcher(file).find()) {
                        problems.add("spec.target.composeFiles entry '" + file + "' must not be in the repository's .git directory");
                    }
                }
            }
            checkProjectFiles(problems, target.getFiles());
            checkSecretName(problems, "spec.target.variablesSecretRef", target.getVariablesSecretRef());
        }
        var rollout = spec.getRollout();
        if (rollout != null) {
            checkServices(problems, "spec.rollout.build", rollout.getBuild(), false);
            checkServices(problems, "spec.rollout.up", rollout.getUp(), true);
            var migration = rollout.getMigration();
            // Checked even when disabled, as the schema does: a value the server refuses is refused here too.
            if (migration != null) {
                checkServices(problems, "spec.rollout.migration.service", nullSafe(migration.getService()), true);
                checkServices(problems, "spec.rollout.migration.profile", nullSafe(migration.getProfile()), true);
            }
        }
        var verify = spec.getVerify();
        if (verify == null) {
            problems.add("spec.verify is required");
        } else {
            boolean namedChecks = verify.getChecks() != null && !verify.getChecks().isEmpty();
            if (verify.getHealthUrl() == null && !namedChecks) {
                problems.add("spec.verify needs a healthUrl or at least one check");
            } else if (verify.getHealthUrl() != null && !matches(URL, verify.getHealthUrl(), FieldRules.URL_MAX)) {
                problems.add("spec.verify.healthUrl must be an http(s) URL");
            }
            if (verify.getMetricsUrl() != null && !matches(URL, verify.getMetricsUrl(), FieldRules.URL_MAX)) {
                problems.add("spec.verify.metricsUrl must be an http(s) URL");
            }
            if (verify.getIntervalSeconds() < FieldRules.INTERVAL_MIN || verify.getIntervalSeconds() > FieldRules.INTERVAL_MAX) {
                problems.add("spec.verify.intervalSeconds must be " + FieldRules.INTERVAL_MIN + " to " + FieldRules.INTERVAL_MAX);
            }
            if (verify.getTimeoutSeconds() < FieldRules.TIMEOUT_MIN || verify.getTimeoutSeconds() > FieldRules.TIMEOUT_MAX) {
                problems.add("spec.verify.timeoutSeconds must be " + FieldRules.TIMEOUT_MIN + " to " + FieldRules.TIMEOUT_MAX);
            }
            checkRange(problems, "spec.verify.failureThreshold", verify.getFailureThreshold(), FieldRules.FAILURE_THRESHOLD_MIN, FieldRules.FAILURE_THRESHOLD_MAX);
            checkRange(problems, "spec.verify.watchSeconds", verify.getWatchSeconds(), FieldRules.WATCH_MIN, FieldRules.WATCH_MAX);
            MetricRuleChecks.check(problems, verify);
            ProbeCheckRules.check(problems, verify);
        }
        var notes = spec.getReleaseNotes();
        if (notes != null && notes.getChangelog() != null) {
            var changelog = notes.getChangelog();
            if (!matches(COMPOSE_FILE, changelog, FieldRules.PATH_MAX) || GIT_DIRECTORY.matcher(changelog).find()) {
                problems.add("spec.releaseNotes.changelog '" + changelog + "' must be a path inside the repository, not under .git");
            }
        }
        GateRules.check(problems, spec.getGates());
        var rollback = spec.getRollback();
        if (rollback != null) {
            checkRange(problems, "spec.rollback.keep", rollback.getKeep(), FieldRules.KEEP_MIN, FieldRules.KEEP_MAX);
            checkDownMigration(problems, rollback.getDownMigration());
        }
        return problems;
    }

    private static void checkDownMigration(List<String> problems, DownMigrationSpec down) {
        if (down == null) {
            return;
        }
        var command = down.getCommand() == null ? List.<String>of() : down.getCommand();
        if (down.isEnabled() && command.isEmpty()) {
            problems.add("spec.rollback.downMigration needs a command when enabled");
        }
        if (command.size() > FieldRules.COMMAND_ARGS_MAX) {
            problems.add("spec.rollback.downMigration.command allows at most " + FieldRules.COMMAND_ARGS_MAX + " arguments");
        }
        for (var argument : command) {
            if (!matches(COMMAND_ARG, argument, FieldRules.COMMAND_ARG_MAX)) {
                problems.add("spec.rollback.downMigration.command arguments must be at most " + FieldRules.COMMAND_ARG_MAX
                        + " characters without control characters");
            }
        }
        if (down.getService() != null && !matches(SERVICE, down.getService(), FieldRules.NAME_MAX)) {
            problems.add("spec.rollback.downMigration.service '" + down.getService() + "' is not a compose service name");
        }
    }

    private static void checkProjectFiles(List<String> problems, List<ProjectFileSpec> files) {
        if (files == null) {
            return;
        }
        if (files.size() > FieldRules.PROJECT_FILES_MAX) {
            problems.add("spec.target.files allows at most " + FieldRules.PROJECT_FILES_MAX + " files");
            return;
        }
        var paths = new HashSet<String>();
        for (var file : files) {
            var path = file.getPath();
            if (!matches(COMPOSE_FILE, path, FieldRules.PATH_MAX) || GIT_DIRECTORY.matcher(path).find()) {
                problems.add("spec.target.files path '" + path + "' must be a path inside the repository, not under .git");
            } else if (!paths.add(path)) {
                problems.add("spec.target.files path '" + path + "' appears more than once");
            }
            if (file.getSecretRef() == null) {
                problems.add("spec.target.files entry '" + path + "' needs secretRef");
            }
            checkSecretName(problems, "spec.target.files secretRef", file.getSecretRef());
            if (!matches(SECRET_KEY, file.getKey(), FieldRules.OBJECT_NAME_MAX)) {
                problems.add("spec.target.files entry '" + path + "' needs a key that is a Secret key");
            }
        }
    }

    private static void checkRange(List<String> problems, String field, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(field + " must be " + min + " to " + max);
        }
    }

    static boolean matches(Pattern pattern, String value, int maxLength) {
        return value != null && value.length() <= maxLength && pattern.matcher(value).matches();
    }

    static void checkSecretName(List<String> problems, String field, String name) {
        if (name != null && !matches(OBJECT_NAME, name, FieldRules.OBJECT_NAME_MAX)) {
            problems.add(field + " '" + name + "' is not a Secret name");
        }
    }

    private static List<String> nullSafe(String value) {
        return value == null ? List.of("") : List.of(value);
    }

    private static void checkServices(List<String> problems, String field, List<String> services, boolean required) {
        if (services == null || (required && services.isEmpty())) {
            problems.add(field + " needs at least one service");
            return;
        }
        if (services.size() > FieldRules.SERVICES_MAX) {
            problems.add(field + " names more than " + FieldRules.SERVICES_MAX + " services");
        }
        for (var service : services) {
            if (!matches(SERVICE, service, FieldRules.NAME_MAX)) {
                problems.add(field + " entry '" + service + "' is not a compose service name");
            }
        }
    }

    private static void checkPromotion(List<String> problems, PromotionSpec promotion) {
        if (promotion == null) {
            return;
        }
        var from = promotion.getFrom() == null ? List.<String>of() : promotion.getFrom();
        if (from.isEmpty() || from.size() > FieldRules.UPSTREAMS_MAX) {
            problems.add("spec.promotion.from must name 1 to " + FieldRules.UPSTREAMS_MAX + " upstream releases");
        }
        for (var name : from) {
            if (!matches(OBJECT_NAME, name, FieldRules.OBJECT_NAME_MAX)) {
                problems.add("spec.promotion.from: '" + name + "' is not a release name (lower case letters, digits, '-' and '.')");
            }
        }
        if (new HashSet<>(from).size() != from.size()) {
            problems.add("spec.promotion.from: each upstream may be named only once");
        }
        if (promotion.getSoakSeconds() < 0 || promotion.getSoakSeconds() > FieldRules.SOAK_MAX) {
            problems.add("spec.promotion.soakSeconds must be 0 to " + FieldRules.SOAK_MAX);
        }
        if (promotion.getOnUpstreamRollback() == null) {
            problems.add("spec.promotion.onUpstreamRollback must be Report or RollBack");
        }
    }
}
