package io.horadus.local;

import java.nio.file.Path;

/**
 * A second horadus process for the lock tests: takes the lock of a release, prints "locked", and holds it
 * until it is killed. Arguments: the state root, namespace/name, the command to hold it as.
 */
public final class LockingProcess {

    private LockingProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        var state = new StateDirectory(Path.of(args[0]));
        var lock = state.lock(ReleaseKey.parse(args[1]), args[2]);
        System.out.println("locked " + lock.holder().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
