package io.horadus.release.spec;

import io.horadus.api.FieldRules;
import io.horadus.api.GateSpec;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** spec.gates' schema rules in code (see {@link SpecValidator}), and what the schema cannot say: that a glob compiles. */
final class GateRules {

    private static final Pattern NAME = Pattern.compile(FieldRules.CHECK_NAME);
    private static final Pattern IMAGE = Pattern.compile(FieldRules.IMAGE);
    private static final Pattern CONTAINER_PATH = Pattern.compile(FieldRules.CONTAINER_PATH);
    private static final Pattern GLOB = Pattern.compile(FieldRules.GLOB);
    private static final Pattern NOT_BLANK = Pattern.compile(FieldRules.NOT_BLANK);
    private static final Pattern COMMAND_ARG = Pattern.compile(FieldRules.COMMAND_ARG);
    private static final Pattern SERVICE = Pattern.compile(FieldRules.SERVICE_NAME);
    private static final Pattern PATH = Pattern.compile(FieldRules.COMPOSE_FILE);
    private static final Pattern GIT_DIRECTORY = Pattern.compile(FieldRules.GIT_DIRECTORY);

    private GateRules() {
    }

    static void check(List<String> problems, List<GateSpec> gates) {
        if (gates == null) {
            return;
        }
        if (gates.size() > FieldRules.GATES_MAX) {
            problems.add("spec.gates allows at most " + FieldRules.GATES_MAX + " gates");
            return;
        }
        var names = new HashSet<String>();
        for (var gate : gates) {
            var name = gate.getName();
            var field = "spec.gates[" + name + "]";
            if (!SpecValidator.matches(NAME, name, FieldRules.NAME_MAX)) {
                problems.add("spec.gates name '" + name + "' must be lowercase letters, digits and '-'");
            } else if (!names.add(name)) {
                problems.add("spec.gates name '" + name + "' appears more than once");
            }
            checkCommand(problems, field, gate.getCommand());
            if ((gate.getImage() == null) == (gate.getBuild() == null)) {
                problems.add(field + " needs exactly one of image and build");
            }
            if (gate.getImage() != null && !SpecValidator.matches(IMAGE, gate.getImage(), FieldRules.IMAGE_MAX)) {
                problems.add(field + ".image '" + gate.getImage() + "' is not an image reference");
            }
            var build = gate.getBuild();
            if (build != null) {
                var dockerfile = build.getDockerfile();
                if (!SpecValidator.matches(PATH, dockerfile, FieldRules.PATH_MAX) || GIT_DIRECTORY.matcher(dockerfile).find()) {
                    problems.add(field + ".build.dockerfile '" + dockerfile + "' must be a path inside the checkout, not under .git");
                }
                if (build.getTarget() != null && !SpecValidator.matches(SERVICE, build.getTarget(), FieldRules.NAME_MAX)) {
                    problems.add(field + ".build.target '" + build.getTarget() + "' is not a build stage name");
                }
            }
            if (!SpecValidator.matches(CONTAINER_PATH, gate.getWorkingDir(), FieldRules.PATH_MAX)) {
                problems.add(field + ".workingDir '" + gate.getWorkingDir() + "' must be an absolute directory other than /, without . or .. parts");
            }
            SpecValidator.checkSecretName(problems, field + ".envSecretRef", gate.getEnvSecretRef());
            if (gate.getNetwork() != null && !SpecValidator.matches(SERVICE, gate.getNetwork(), FieldRules.NAME_MAX)) {
                problems.add(field + ".network '" + gate.getNetwork() + "' is not a compose network name");
            }
            if (gate.getTimeoutSeconds() < FieldRules.TIMEOUT_MIN || gate.getTimeoutSeconds() > FieldRules.TIMEOUT_MAX) {
                problems.add(field + ".timeoutSeconds must be " + FieldRules.TIMEOUT_MIN + " to " + FieldRules.TIMEOUT_MAX);
            }
            checkCondition(problems, field, gate);
            if (gate.getAllowFailure() != null
                    && !SpecValidator.matches(NOT_BLANK, gate.getAllowFailure().getReason(), FieldRules.REASON_MAX)) {
                problems.add(field + ".allowFailure needs a written reason (at most " + FieldRules.REASON_MAX + " characters)");
            }
        }
    }

    private static void checkCommand(List<String> problems, String field, List<String> command) {
        if (command == null || command.isEmpty() || command.size() > FieldRules.COMMAND_ARGS_MAX) {
            problems.add(field + ".command needs 1 to " + FieldRules.COMMAND_ARGS_MAX + " arguments");
            return;
        }
        for (var argument : command) {
            if (!SpecValidator.matches(COMMAND_ARG, argument, FieldRules.COMMAND_ARG_MAX)) {
                problems.add(field + ".command arguments must be at most " + FieldRules.COMMAND_ARG_MAX
                        + " characters without control characters");
            }
        }
        if (command.get(0).isEmpty()) {
            problems.add(field + ".command must begin with the program to run");
        }
    }

    private static void checkCondition(List<String> problems, String field, GateSpec gate) {
        var when = gate.getWhen();
        if (when == null) {
            return;
        }
        var globs = when.getChanged();
        if (globs == null || globs.isEmpty() || globs.size() > FieldRules.GLOBS_MAX) {
            problems.add(field + ".when.changed needs 1 to " + FieldRules.GLOBS_MAX + " patterns");
            return;
        }
        for (var glob : globs) {
            if (!SpecValidator.matches(GLOB, glob, FieldRules.PATH_MAX)) {
                problems.add(field + ".when.changed pattern '" + glob + "' must be relative to the repository's root, without control characters");
            } else {
                PathGlobs.problem(glob).ifPresent(problem -> problems.add(field + ".when.changed " + problem));
            }
        }
    }
}
