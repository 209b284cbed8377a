package org.tearline.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.tearline.auth.Principal;
import org.tearline.domain.ApiRoot;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.error.NotFoundException;
import org.tearline.store.Store;

/** API roots and collections: creating them, and listing what a user may see. */
public final class CollectionService {

    /** A collection together with what the asking user may do with it. */
    public record Visible(CollectionInfo collection, Access access) {}

    private final Store store;
    private final Clock clock;

    public CollectionService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Every API root. */
    public List<ApiRoot> apiRoots() {
        return store.read(tx -> tx.collections().apiRoots());
    }

    /** One API root, or 404. */
    public ApiRoot apiRoot(String name) {
        return store.read(tx -> tx.collections().findApiRoot(name))
                .orElseThrow(() -> new NotFoundException("API root " + Echo.quote(name) + " does not exist"));
    }

    /** Creates or updates an API root. */
    public void putApiRoot(ApiRoot root) {
        if (!Names.isValidApiRoot(root.name())) {
            throw new BadRequestException("API root name " + Echo.quote(root.name())
                    + " must be 1 to 64 characters of a-z, 0-9, '-' and '_', and not one of "
                    + Names.RESERVED_ROOTS);
        }
        store.write(tx -> {
            tx.collections().putApiRoot(root, clock.instant());
            return null;
        });
    }

    /** The collections of an API root that {@code who} may read, with their access. */
    // orElseThrow is called for its throw: the check that the API root exists.
    @SuppressWarnings("ReturnValueIgnored")
    public List<Visible> readable(Principal who, String apiRoot) {
        return store.read(tx -> {
            tx.collections()
                    .findApiRoot(apiRoot)
                    .orElseThrow(() -> new NotFoundException("API root " + Echo.quote(apiRoot) + " does not exist"));
            List<Visible> out = new ArrayList<>();
            for (CollectionInfo c : tx.collections().collections(apiRoot)) {
                Access a = Access.of(tx, who, c);
                if (a.canRead()) {
                    out.add(new Visible(c, a));
                }
            }
            return out;
        });
    }

    /** One collection, if {@code who} may read it; otherwise 404 as if it did not exist. */
    public Visible readable(Principal who, String apiRoot, String collectionId) {
        return store.read(tx -> {
            CollectionInfo c = ObjectService.requireReadable(tx, who, apiRoot, collectionId);
            return new Visible(c, Access.of(tx, who, c));
        });
    }

    /**
     * Creates a collection.
     *
     * @param id a UUID, or null to generate one
     */
    public CollectionInfo create(
            String id, String apiRoot, String title, String description, String alias, CollectionKind kind) {
        String collectionId = id == null ? UUID.randomUUID().toString() : id;
        if (!Names.isValidCollectionId(collectionId)) {
            throw new BadRequestException("collection id " + Echo.quote(collectionId)
                    + " must be a UUID (TAXII 2.1 identifies collections by UUID)");
        }
        if (title == null || title.isBlank() || title.length() > 500) {
            throw new BadRequestException("collection title must be 1 to 500 characters");
        }
        if (alias != null && !Names.isValidAlias(alias)) {
            throw new BadRequestException(
                    "collection alias " + Echo.quote(alias) + " must be 1 to 64 characters of a-z, 0-9, '-' and '_'");
        }
        CollectionInfo c = new CollectionInfo(collectionId, apiRoot, title, description, alias, kind, clock.instant());
        store.write(tx -> {
            tx.collections().createCollection(c);
            return null;
        });
        return c;
    }

    /** Every collection, whatever its API root. */
    public List<CollectionInfo> all() {
        return store.read(tx -> tx.collections().allCollections());
    }

    /** A collection by id or alias, whatever its API root. */
    public Optional<CollectionInfo> find(String idOrAlias) {
        return store.read(tx -> {
            Optional<CollectionInfo> byId = tx.collections().findCollection(idOrAlias);
            if (byId.isPresent()) {
                return byId;
            }
            return tx.collections().allCollections().stream()
                    .filter(c -> idOrAlias.equals(c.alias()))
                    .findFirst();
        });
    }
}
