package org.tearline.store;

import java.util.List;

/**
 * What appending entries adds to the disclosure record's Merkle tree: each entry's leaf hash (in
 * order), the new frontier (the roots of its perfect subtrees, hex joined) and the subtrees the
 * entries completed that are worth keeping, so proofs read a few stored nodes, not every leaf.
 */
public record TreeGrowth(List<String> leafHashes, String frontier, List<TreeNode> nodes) {

    public TreeGrowth {
        leafHashes = List.copyOf(leafHashes);
        nodes = List.copyOf(nodes);
    }

    /** A perfect subtree: 2^level leaves from leaf index × 2^level. */
    public record TreeNode(int level, long index, String hash) {}
}
