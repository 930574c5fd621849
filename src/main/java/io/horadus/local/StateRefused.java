package io.horadus.local;

import java.nio.file.Path;

/**
 * A state file horadus will neither read nor overwrite: not JSON, no known format (written by a newer
 * horadus, or not by horadus at all), or a release it cannot read. The file is left as it is, for a
 * person to look at; nothing acts on that release until it is fixed or moved away.
 */
public final class StateRefused extends RuntimeException {

    private final transient Path file;

    StateRefused(Path file, String problem) {
        super(file + ": " + problem + "; the file was left untouched");
        this.file = file;
    }

    StateRefused(Path file, String problem, Throwable cause) {
        this(file, problem);
        initCause(cause);
    }

    /** The refused file. */
    public Path file() {
        return file;
    }
}
