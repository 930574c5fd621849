package io.horadus.metrics;

import io.horadus.release.port.ComposeTarget;

/** Told which Docker host each release works on, and when a release is gone ({@link HostPings}). */
public interface HostsInUse {

    HostsInUse NONE = new HostsInUse() {
        @Override
        public void use(String key, ComposeTarget target) {
        }

        @Override
        public void drop(String key) {
        }
    };

    void use(String key, ComposeTarget target);

    void drop(String key);
}
