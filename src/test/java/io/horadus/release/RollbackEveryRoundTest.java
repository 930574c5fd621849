package io.horadus.release;

/**
 * The watch and rollback scenarios again, with a reconcile after every round, as before the rounds
 * left the reconcile threads: each round the watch judged to change nothing is applied anyway and must
 * leave status, events and the host as they were. So the watch's test ({@code RoundVerdict.changes}) agrees with what
 * a reconcile does with a round, in every scenario of {@link RollbackTest}.
 */
class RollbackEveryRoundTest extends RollbackTest {

    @Override
    boolean everyRound() {
        return true;
    }
}
