package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tearline.store.TestObjects.T0;
import static org.tearline.store.TestObjects.at;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Secrets}: server secrets every node of one store shares, on every
 * database the store runs on.
 */
abstract class SecretsContract extends TestObjectsContract {

    // --- secrets ---------------------------------------------------------------------------------

    @Test
    void firstSecretCandidateWins() {
        assertThat(store.write((StoreTx tx) -> tx.secrets().secret("cursor-key", "first", T0)))
                .isEqualTo("first");
        assertThat(store.write((StoreTx tx) -> tx.secrets().secret("cursor-key", "second", at(1))))
                .isEqualTo("first");
        assertThat(store.write((StoreTx tx) -> tx.secrets().secret("other-key", "third", at(2))))
                .isEqualTo("third");
    }

    @Test
    void replacedSecretIsWhatEveryNodeGetsFromThenOn() {
        Store other = openNode();
        write(tx -> {
            tx.secrets().secret("releasing-identity", "{\"name\":\"Old name\"}", T0);
            tx.secrets().secret("cursor-key", "untouched", T0);
        });

        write(tx -> tx.secrets().replaceSecret("releasing-identity", "{\"name\":\"New name\"}"));

        assertThat(other.write((StoreTx tx) -> tx.secrets().secret("releasing-identity", "candidate", at(1))))
                .isEqualTo("{\"name\":\"New name\"}");
        assertThat(store.write((StoreTx tx) -> tx.secrets().secret("cursor-key", "candidate", at(1))))
                .isEqualTo("untouched");
    }

    @Test
    void secretsAreSharedBetweenNodes() {
        Store other = openNode();
        assertThat(store.write((StoreTx tx) -> tx.secrets().secret("cursor-key", "from-node-1", T0)))
                .isEqualTo("from-node-1");

        assertThat(other.write((StoreTx tx) -> tx.secrets().secret("cursor-key", "from-node-2", T0)))
                .isEqualTo("from-node-1");
    }

    @Test
    void racingNodesAgreeOnOneSecret() {
        List<Store> nodes = List.of(store, openNode());
        List<String> values = runConcurrently(
                8, n -> nodes.get(n % 2).write(tx -> tx.secrets().secret("cursor-key", "candidate-" + n, T0)));

        assertThat(values).hasSize(8).containsOnly(values.get(0));
        assertThat(values.get(0)).startsWith("candidate-");
    }
}
