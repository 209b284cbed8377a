package org.tearline.service;

import java.util.function.ToLongFunction;
import org.tearline.store.Page;

/**
 * A page of a listing plus the bound that TAXII's date-added headers report when the page is
 * empty: where the client stands (its cursor, its added_after) or, without either, the newest
 * date_added of the collection, so that a client resuming from it misses nothing.
 */
public record Listing<T>(Page<T> page, long emptyBoundMicros) {

    /** The date_added of the first item, or the bound when the page is empty. */
    public long firstDateAdded(ToLongFunction<T> dateAdded) {
        return page.firstDateAdded(dateAdded).orElse(emptyBoundMicros);
    }

    /** The date_added of the last item, or the bound when the page is empty. */
    public long lastDateAdded(ToLongFunction<T> dateAdded) {
        return page.lastDateAdded(dateAdded).orElse(emptyBoundMicros);
    }
}
