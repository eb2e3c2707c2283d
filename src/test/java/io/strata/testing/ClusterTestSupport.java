package io.strata.testing;

import org.junit.jupiter.api.AfterEach;

/**
 * Base of the tests that run a {@link ClusterProcesses}: each test assigns {@link #cluster}, and
 * everything it started (brokers, PostgreSQL, data directories) is stopped after the test.
 */
public abstract class ClusterTestSupport {

    protected ClusterProcesses cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
