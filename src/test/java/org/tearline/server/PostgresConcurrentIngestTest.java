package org.tearline.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tearline.config.TearlineConfig;
import org.tearline.testing.Postgres;
import org.tearline.testing.TestServer;

/**
 * Concurrent ingest on PostgreSQL: one node, and two nodes (data directories of their own) on
 * one schema, the clients spread over both, so writers on different nodes race for one
 * collection.
 */
class PostgresConcurrentIngestTest extends ConcurrentIngestContract {

    private Postgres.Schema schema;

    @Override
    protected List<TestServer> start(Path dir, int nodes) {
        schema = Postgres.freshSchema();
        List<TestServer> servers = new ArrayList<>();
        TearlineConfig config = TestServer.sharingKey(TestServer.config(schema.url()), dir.resolve("shared-key.pem"));
        for (int n = 0; n < nodes; n++) {
            servers.add(TestServer.start(dir.resolve("node-" + n), config));
        }
        users(servers.get(0));
        return servers;
    }

    @Override
    protected void closeDatabase() {
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void overlappingEnvelopesThroughTwoNodesLeaveExactlyOneCopyOfEachVersion() throws Exception {
        ingestFromManyClients(2);
    }
}
