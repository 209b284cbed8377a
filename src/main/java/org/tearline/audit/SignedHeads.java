package org.tearline.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tearline.domain.TreeHead;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;

/**
 * Signed tree heads as anyone holding the producer's public key checks them, offline: what the
 * signature covers, their JSON form (as served and as witnesses keep them) and checking one.
 * The signature (Ed25519, base64) covers the UTF-8 text
 * {@code tearline-tree-head\n<size>\n<root hex>\n<timestamp>\n<previous size>\n<kind>}, the
 * timestamp as the JSON gives it.
 */
public final class SignedHeads {

    /** The kind of head signed when the server or a command ends cleanly. */
    public static final String SHUTDOWN = "shutdown";

    private SignedHeads() {}

    public static byte[] message(long size, String root, String timestamp, long previous, String kind) {
        return ("tearline-tree-head\n" + size + "\n" + root + "\n" + timestamp + "\n" + previous + "\n" + kind)
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] message(TreeHead h) {
        return message(h.size(), h.rootHash(), StixTimestamp.formatMicros(h.at()), h.previousSize(), h.kind());
    }

    public static ObjectNode json(TreeHead h) {
        ObjectNode n = StixJson.mapper().createObjectNode();
        n.put("type", "tearline-tree-head");
        n.put("tree_size", h.size());
        n.put("root_hash", h.rootHash());
        n.put("timestamp", StixTimestamp.formatMicros(h.at()));
        n.put("previous_size", h.previousSize());
        n.put("kind", h.kind());
        n.put("key_id", h.keyId());
        n.put("signature", h.signature());
        return n;
    }

    /** A head from its JSON form; names the first field missing or malformed. */
    public static TreeHead fromJson(JsonNode n) {
        if (!n.isObject() || !"tearline-tree-head".equals(n.path("type").asText())) {
            throw new IllegalArgumentException("not a Tearline signed tree head");
        }
        for (String f : List.of("root_hash", "timestamp", "kind", "key_id", "signature")) {
            if (!n.path(f).isTextual()) {
                throw new IllegalArgumentException("the signed tree head has no text field '" + f + "'");
            }
        }
        for (String f : List.of("tree_size", "previous_size")) {
            if (!n.path(f).canConvertToLong() || n.path(f).asLong() < 0) {
                throw new IllegalArgumentException("the signed tree head's '" + f + "' is not a size");
            }
        }
        String root = n.get("root_hash").asText();
        if (!root.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("the signed tree head's root_hash is not 64 hex digits");
        }
        return new TreeHead(
                n.get("tree_size").asLong(),
                root,
                StixTimestamp.parse(n.get("timestamp").asText())
                        .orElseThrow(() -> new IllegalArgumentException("the signed tree head's timestamp is not one")),
                n.get("previous_size").asLong(),
                n.get("kind").asText(),
                n.get("key_id").asText(),
                n.get("signature").asText());
    }

    /** Checks a head's signature; the problem, or empty when it holds. */
    public static Optional<String> check(TreeHead h, PublicKey key) {
        if (!h.keyId().equals(SigningKeys.keyId(key))) {
            return Optional.of("the head of size " + h.size() + " was signed with key " + h.keyId()
                    + ", not with the key given (" + SigningKeys.keyId(key) + ")");
        }
        if (!SigningKeys.verify(key, message(h), h.signature())) {
            return Optional.of("the head of size " + h.size() + " has no valid signature: altered, or not"
                    + " signed by key " + h.keyId());
        }
        return Optional.empty();
    }

    /** A short name of a head for messages: its size, root and time. */
    public static String describe(TreeHead h) {
        return "size " + h.size() + ", root " + h.rootHash() + ", signed " + StixTimestamp.formatMicros(h.at());
    }

    public static ArrayNode hexList(List<byte[]> hashes) {
        ArrayNode a = StixJson.mapper().createArrayNode();
        hashes.forEach(h -> a.add(Merkle.hex(h)));
        return a;
    }

    /** A list of hex hashes; names what is wrong. */
    public static List<byte[]> hashes(JsonNode a, String what) {
        if (!a.isArray()) {
            throw new IllegalArgumentException(what + " is not a list of hashes");
        }
        List<byte[]> out = new ArrayList<>();
        for (JsonNode h : a) {
            if (!h.isTextual() || !h.asText().matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(what + " holds something that is not a SHA-256 in hex");
            }
            out.add(Merkle.unhex(h.asText()));
        }
        return out;
    }
}
