package org.tearline.store;

import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.tearline.domain.Position;

/**
 * One page of results, in collection order.
 *
 * @param items the page
 * @param more  true when more items follow
 * @param last  the position of the last item, to resume from; empty for an empty page
 */
public record Page<T>(List<T> items, boolean more, Optional<Position> last) {

    /** The smallest date_added on the page, in microseconds. */
    public Optional<Long> firstDateAdded(ToLongFunction<T> dateAdded) {
        return items.isEmpty() ? Optional.empty() : Optional.of(dateAdded.applyAsLong(items.get(0)));
    }

    /** The largest date_added on the page, in microseconds. */
    public Optional<Long> lastDateAdded(ToLongFunction<T> dateAdded) {
        return items.isEmpty() ? Optional.empty() : Optional.of(dateAdded.applyAsLong(items.get(items.size() - 1)));
    }
}
