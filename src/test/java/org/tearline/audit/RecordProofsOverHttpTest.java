package org.tearline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Provenance;
import org.tearline.release.ReleaseEngineTest;
import org.tearline.store.AuditQuery;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * The record's signed head and proofs over HTTP, checked by an RFC 9162 verifier written here
 * from the RFC (sections 2.1.1, 2.1.3.2, 2.1.4.2), sharing no code with the server's: its leaf
 * data, hashing, signature check and root over every leaf are this test's own.
 */
class RecordProofsOverHttpTest {

    @TempDir
    Path dir;

    TestServer server;
    String viewId;

    @BeforeEach
    void story() {
        server = TestServer.start(dir);
        server.user("analyst", Account.Role.PRODUCER);
        server.user("partner", Account.Role.PARTNER);
        server.user("other", Account.Role.PARTNER);
        String intel = server.app()
                .collections()
                .create(null, "tearline", "Intel", null, "intel", CollectionKind.SOURCE)
                .id();
        server.app()
                .objects()
                .importObjects(intel, new ArrayList<>(ReleaseEngineTest.sources()), new Provenance("import", "test"));
        server.app().releases().apply("""
                audience: partner
                members: [partner]
                sources: [intel]
                markings: {tlp:amber: release, tlp:green: release, source-protected: redact,
                           method-protected: redact}
                """, "partner.yaml", "analyst");
        viewId = server.app().collections().find("partner").orElseThrow().id();
        assertThat(server.as("partner")
                        .get(server.root() + "collections/" + viewId + "/objects/")
                        .status())
                .isEqualTo(200);
        server.app().receipts().flush();
        server.app().audit().checkpoint();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- the independent verifier ----

    static byte[] sha256(byte[]... parts) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    static byte[] leaf(byte[] data) throws Exception {
        return sha256(new byte[] {0}, data);
    }

    static byte[] node(byte[] l, byte[] r) throws Exception {
        return sha256(new byte[] {1}, l, r);
    }

    /** MTH(D[n]) of RFC 9162 2.1.1, straight from its definition. */
    static byte[] mth(List<byte[]> leaves) throws Exception {
        if (leaves.isEmpty()) {
            return sha256();
        }
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = 1;
        while (k * 2 < leaves.size()) {
            k *= 2;
        }
        return node(mth(leaves.subList(0, k)), mth(leaves.subList(k, leaves.size())));
    }

    static boolean inclusionHolds(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root)
            throws Exception {
        if (index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if (fn % 2 == 1 || fn == sn) {
                r = node(p, r);
                while (fn % 2 == 0 && fn != 0) {
                    fn /= 2;
                    sn /= 2;
                }
            } else {
                r = node(r, p);
            }
            fn /= 2;
            sn /= 2;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    static boolean consistencyHolds(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof)
            throws Exception {
        List<byte[]> p = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            p.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while (fn % 2 == 1) {
            fn /= 2;
            sn /= 2;
        }
        byte[] fr = p.get(0);
        byte[] sr = p.get(0);
        for (byte[] c : p.subList(1, p.size())) {
            if (sn == 0) {
                return false;
            }
            if (fn % 2 == 1 || fn == sn) {
                fr = node(c, fr);
                sr = node(c, sr);
                while (fn % 2 == 0 && fn != 0) {
                    fn /= 2;
                    sn /= 2;
                }
            } else {
                sr = node(sr, c);
            }
            fn /= 2;
            sn /= 2;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    static List<byte[]> hexes(JsonNode a) {
        List<byte[]> out = new ArrayList<>();
        a.forEach(h -> out.add(HexFormat.of().parseHex(h.asText())));
        return out;
    }

    /** Every entry's leaf data, built here: the JSON array [seq, at in µs, kind, actor, audience, subject, detail]. */
    List<byte[]> leaves() throws Exception {
        ObjectMapper m = new ObjectMapper();
        List<byte[]> out = new ArrayList<>();
        List<ArrayNode> rows = new ArrayList<>();
        server.app().audit().entries(AuditQuery.ALL, e -> {
            ArrayNode a = m.createArrayNode();
            long micros = e.at().getEpochSecond() * 1_000_000L + e.at().getNano() / 1_000;
            a.add(e.seq())
                    .add(micros)
                    .add(e.kind())
                    .add(e.actor())
                    .add(e.audience())
                    .add(e.subject());
            a.add(e.detail());
            rows.add(a);
        });
        for (ArrayNode a : rows) {
            out.add(leaf(m.writeValueAsString(a).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    PublicKey producerKey() throws Exception {
        String pem = server.anonymous()
                .get("/api/keys")
                .json()
                .get("keys")
                .get(0)
                .get("public_key")
                .asText();
        String b64 = pem.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    boolean headSigned(JsonNode h, PublicKey key) throws Exception {
        String message = "tearline-tree-head\n" + h.get("tree_size").asLong() + "\n"
                + h.get("root_hash").asText()
                + "\n" + h.get("timestamp").asText() + "\n"
                + h.get("previous_size").asLong() + "\n"
                + h.get("kind").asText();
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(message.getBytes(StandardCharsets.UTF_8));
        return s.verify(Base64.getDecoder().decode(h.get("signature").asText()));
    }

    // ---- the tests ----

    @Test
    void theSignedHeadIsTheRootOfEveryEntryAndAnyoneWithThePublicKeyChecksIt() throws Exception {
        TaxiiClient.Reply r = server.as("partner").get("/api/record/head");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode head = r.json();
        List<byte[]> leaves = leaves();
        assertThat(head.get("tree_size").asLong()).isEqualTo(leaves.size());
        assertThat(head.get("root_hash").asText()).isEqualTo(HexFormat.of().formatHex(mth(leaves)));
        assertThat(headSigned(head, producerKey())).isTrue();
        ((com.fasterxml.jackson.databind.node.ObjectNode) head).put("tree_size", leaves.size() + 1);
        assertThat(headSigned(head, producerKey())).isFalse();
    }

    @Test
    void consistencyProofsBetweenAnySizesVerify() throws Exception {
        List<byte[]> leaves = leaves();
        int n = leaves.size();
        for (int from : new int[] {1, 2, 3, 4, 5, 7, 8, n / 2, n - 1, n}) {
            TaxiiClient.Reply r = server.as("partner").get("/api/record/consistency?from=" + from + "&to=" + n);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            List<byte[]> proof = hexes(r.json().get("proof"));
            byte[] a = mth(leaves.subList(0, from));
            byte[] b = mth(leaves);
            if (from == n) {
                assertThat(proof).isEmpty();
            } else {
                assertThat(consistencyHolds(from, n, a, b, proof))
                        .as("from " + from)
                        .isTrue();
                assertThat(consistencyHolds(from, n, b, a, proof)).isFalse();
            }
        }
        assertThat(server.as("partner")
                        .get("/api/record/consistency?from=5&to=" + (n + 10))
                        .status())
                .isEqualTo(400);
        assertThat(server.as("partner")
                        .get("/api/record/consistency?from=x&to=2")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aPartnerGetsInclusionProofsOfItsReleasesAndRetrievalsOnly() throws Exception {
        List<Long> mine = new ArrayList<>();
        long[] notMine = {0};
        server.app().audit().entries(AuditQuery.ALL, e -> {
            if ((e.kind().equals("retrieval") && "partner".equals(e.actor()))
                    || (e.kind().equals("release") && "partner".equals(e.audience()))) {
                mine.add(e.seq());
            } else if (e.kind().equals("user-created") && notMine[0] == 0) {
                notMine[0] = e.seq();
            }
        });
        assertThat(mine).isNotEmpty();
        PublicKey key = producerKey();
        List<byte[]> leaves = leaves();
        for (long seq : mine) {
            TaxiiClient.Reply r = server.as("partner").get("/api/record/proof?entry=" + seq);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode p = r.json();
            byte[] leafHash = leaf(p.get("leaf_data").asText().getBytes(StandardCharsets.UTF_8));
            assertThat(leafHash).isEqualTo(leaves.get((int) seq - 1));
            JsonNode head = p.get("head");
            assertThat(headSigned(head, key)).isTrue();
            byte[] root = HexFormat.of().parseHex(head.get("root_hash").asText());
            assertThat(inclusionHolds(
                            seq - 1, head.get("tree_size").asLong(), leafHash, hexes(p.get("inclusion_path")), root))
                    .as("entry " + seq)
                    .isTrue();
            assertThat(inclusionHolds(
                            seq, head.get("tree_size").asLong(), leafHash, hexes(p.get("inclusion_path")), root))
                    .isFalse();
        }
        assertThat(server.as("partner")
                        .get("/api/record/proof?entry=" + notMine[0])
                        .status())
                .isEqualTo(404);
        assertThat(server.as("other")
                        .get("/api/record/proof?entry=" + mine.get(0))
                        .status())
                .isEqualTo(404);
        assertThat(server.as("analyst")
                        .get("/api/record/proof?entry=" + notMine[0])
                        .status())
                .isEqualTo(200);
        assertThat(server.anonymous().get("/api/record/head").status()).isEqualTo(401);
    }
}
