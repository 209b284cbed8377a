package org.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.tearline.testing.TestServer;

/** Concurrent ingest on the embedded store: one node, its writers queued on one lock. */
class SqliteConcurrentIngestTest extends ConcurrentIngestContract {

    @Override
    protected List<TestServer> start(Path dir, int nodes) {
        assertThat(nodes).as("an embedded store has one node").isOne();
        TestServer server = TestServer.start(dir);
        users(server);
        return List.of(server);
    }
}
