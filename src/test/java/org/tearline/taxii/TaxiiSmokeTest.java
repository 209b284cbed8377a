package org.tearline.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

class TaxiiSmokeTest {

    @TempDir
    static Path dir;

    static TestServer server;
    static String collection;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        server.user("alice", Account.Role.PRODUCER);
        collection = server.collection("smoke");
        server.grant("alice", collection, true, true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void postedObjectIsServedBack() {
        TaxiiClient alice = server.as("alice");
        String id = Stix.id("indicator");
        String objects = server.root() + "collections/" + collection + "/objects/";
        TaxiiClient.Reply posted =
                alice.post(objects, Stix.envelope(List.of(Stix.indicator(id, "2021-01-01T00:00:00.000Z"))));
        assertThat(posted.status()).isEqualTo(202);
        assertThat(posted.json().get("success_count").asInt()).isEqualTo(1);
        TaxiiClient.Reply got = alice.get(objects + id + "/");
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("objects").get(0).get("id").asText()).isEqualTo(id);
        assertThat(got.header("X-TAXII-Date-Added-First")).isPresent();
    }
}
