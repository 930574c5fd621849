package io.horadus.cli;

import io.horadus.local.FileApprovals;
import io.horadus.local.ReleaseKey;
import io.horadus.local.StateDirectory;
import io.horadus.local.StoredRelease;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** {@code --state DIR} and {@code -n NAMESPACE}, shared by every command that reads or writes state. */
final class StateOptions {

    @Option(names = "--state", paramLabel = "DIR",
            description = "The state directory (default: $HORADUS_STATE, else $XDG_STATE_HOME/horadus, else ~/.local/state/horadus).")
    Path state;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", defaultValue = "default",
            description = "The releases' namespace, as metadata.namespace says (default: ${DEFAULT-VALUE}).")
    String namespace;

    private StateDirectory directory;

    /** The one StateDirectory of this process: a release's lock is held per instance (see StateDirectory). */
    StateDirectory directory(Map<String, String> env) {
        if (directory == null) {
            directory = new StateDirectory(root(env));
        }
        return directory;
    }

    /** The release NAME of this namespace as stored, refused when the state holds none. */
    StoredRelease existing(Map<String, String> env, String name) {
        var key = key(name);
        return directory(env).read(key).orElseThrow(() -> new Refusal("no release " + key + " in " + directory(env).root()));
    }

    ReleaseKey key(String name) {
        return ReleaseKey.of(namespace, name);
    }

    Path root(Map<String, String> env) {
        return state != null ? state.toAbsolutePath() : StateDirectory.defaultRoot(env);
    }

    /** The reviewers' approvals kept beside the state; the command it tells a reviewer to run names this state. */
    FileApprovals approvals(Map<String, String> env, Clock clock) {
        return new FileApprovals(directory(env).approvals(), clock, Optional.ofNullable(state).map(Path::toAbsolutePath));
    }
}
