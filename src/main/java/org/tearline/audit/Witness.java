package org.tearline.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.tearline.domain.TreeHead;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;

/**
 * A partner's witness of a producer's record: the signed heads it has seen, kept as files in
 * its directory, and the check of each new head against the last one held (a consistency
 * proof, RFC 9162). A head inconsistent with one held means the producer showed two histories
 * or rewrote its record: both heads and the proof are kept as evidence.
 */
public final class Witness {

    /** What checking a head found. */
    public record Outcome(boolean consistent, String message) {}

    /** Asks the producer for the consistency proof between two sizes. */
    @FunctionalInterface
    public interface Proofs {
        List<byte[]> consistency(long from, long to);
    }

    private final Path dir;

    /** @param dir where the heads are kept (created when missing) */
    public Witness(Path dir) {
        this.dir = dir;
    }

    /** Every head held, by size then time. */
    public List<TreeHead> held() {
        Path heads = dir.resolve("heads");
        List<TreeHead> out = new ArrayList<>();
        if (!Files.isDirectory(heads)) {
            return out;
        }
        try (var files = Files.list(heads)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                out.add(read(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the heads in " + heads, e);
        }
        out.sort(Comparator.comparingLong(TreeHead::size).thenComparing(TreeHead::at));
        return out;
    }

    /** A head from a file (as served by /api/record/head and kept by a witness). */
    public static TreeHead read(Path file) {
        try {
            return SignedHeads.fromJson(StixJson.mapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signed head " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks {@code fresh} (signed by {@code key}) against the largest head held, keeps it when
     * {@code keep} and it is consistent, and keeps both as evidence when it is not.
     */
    public Outcome observe(TreeHead fresh, PublicKey key, Proofs proofs, boolean keep) {
        Optional<String> bad = SignedHeads.check(fresh, key);
        if (bad.isPresent()) {
            return new Outcome(false, "the producer's head is not signed by its key: " + bad.get());
        }
        List<TreeHead> all = held();
        if (all.isEmpty()) {
            if (keep) {
                store(dir.resolve("heads"), fresh);
            }
            return new Outcome(true, "first head held: " + SignedHeads.describe(fresh));
        }
        TreeHead last = all.get(all.size() - 1);
        Optional<String> problem = inconsistency(last, fresh, proofs);
        if (problem.isPresent()) {
            Path evidence = dir.resolve("evidence")
                    .resolve(StixTimestamp.key(java.time.Instant.now()).replace(':', '-'));
            store(evidence, last);
            store(evidence, fresh);
            return new Outcome(
                    false,
                    "INCONSISTENT: the head held (" + SignedHeads.describe(last) + ") and the head now"
                            + " served (" + SignedHeads.describe(fresh) + ") are not one history: "
                            + problem.get() + "; both signed heads kept in " + evidence);
        }
        if (keep && fresh.size() >= last.size()) {
            store(dir.resolve("heads"), fresh);
        }
        return new Outcome(
                true,
                fresh.size() < last.size()
                        ? "consistent, but older than the head held (" + SignedHeads.describe(last) + ")"
                        : "consistent with the head held (" + last.size() + " entries); now holding "
                                + SignedHeads.describe(fresh));
    }

    private static Optional<String> inconsistency(TreeHead a, TreeHead b, Proofs proofs) {
        boolean aFirst = a.size() <= b.size();
        TreeHead small = aFirst ? a : b;
        TreeHead large = aFirst ? b : a;
        if (small.size() == large.size()) {
            return small.rootHash().equals(large.rootHash())
                    ? Optional.empty()
                    : Optional.of("two different roots for " + small.size() + " entries");
        }
        if (small.size() == 0) {
            return Optional.empty();
        }
        List<byte[]> proof;
        try {
            proof = proofs.consistency(small.size(), large.size());
        } catch (RuntimeException e) {
            return Optional.of("the producer gave no consistency proof from " + small.size() + " to " + large.size()
                    + " (" + e.getMessage() + ")");
        }
        return Merkle.verifyConsistency(
                        small.size(),
                        large.size(),
                        Merkle.unhex(small.rootHash()),
                        Merkle.unhex(large.rootHash()),
                        proof)
                ? Optional.empty()
                : Optional.of("the producer's consistency proof from " + small.size() + " to " + large.size()
                        + " entries does not hold");
    }

    private static void store(Path into, TreeHead h) {
        try {
            Files.createDirectories(into);
            JsonNode json = SignedHeads.json(h);
            Files.writeString(
                    into.resolve(h.size() + "-" + StixTimestamp.toMicros(h.at()) + ".json"),
                    StixJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the signed head in " + into, e);
        }
    }
}
