package io.horadus.operator;

import io.javaoperatorsdk.operator.Operator;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this replica does the leader's work. With leader election on (the prod profile), from the moment
 * it acquires the Lease (LeaderElectionProducer's callback; losing it ends the process); without (the single
 * profile, one process), always.
 */
@Singleton
public class Leadership {

    // A Provider: the Operator's configuration holds the Lease's callbacks, which hold this.
    private final Provider<Operator> operator;
    private final AtomicBoolean leading = new AtomicBoolean();

    public Leadership(Provider<Operator> operator) {
        this.operator = operator;
    }

    void started() {
        leading.set(true);
    }

    public boolean leads() {
        return leading.get() || operator.get().getConfigurationService().getLeaderElectionConfiguration().isEmpty();
    }
}
