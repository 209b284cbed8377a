package org.tearline.store;

import java.util.Optional;
import org.tearline.domain.Position;

/**
 * Which page to read: at most {@code limit} items strictly after {@code after}. A page of
 * objects also stops once their JSON passes {@code maxBytes} (it always holds at least one
 * object), so a page of unusually large objects cannot exhaust memory.
 */
public record PageRequest(int limit, Optional<Position> after, long maxBytes) {

    public PageRequest {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
    }

    /** The first page of the given size, without a byte budget. */
    public static PageRequest first(int limit) {
        return new PageRequest(limit, Optional.empty(), Long.MAX_VALUE);
    }
}
