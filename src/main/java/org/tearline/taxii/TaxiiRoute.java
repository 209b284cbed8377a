package org.tearline.taxii;

import java.util.List;

/**
 * A TAXII endpoint and its path parameters, parsed once from the path's segments. The
 * endpoint's name is what metrics and the request log call it.
 */
sealed interface TaxiiRoute {

    /** The endpoint's name, for metrics; "unknown" when the path addresses none. */
    String endpoint();

    /** {@code /taxii2/}. */
    record Discovery() implements TaxiiRoute {
        @Override
        public String endpoint() {
            return "discovery";
        }
    }

    /** {@code /{root}/}. */
    record ApiRootInfo(String root) implements TaxiiRoute {
        @Override
        public String endpoint() {
            return "api-root";
        }
    }

    /** {@code /{root}/status/{id}/}. */
    record Status(String root, String statusId) implements TaxiiRoute {
        @Override
        public String endpoint() {
            return "status";
        }
    }

    /** {@code /{root}/collections/}. */
    record Collections(String root) implements TaxiiRoute {
        @Override
        public String endpoint() {
            return "collections";
        }
    }

    /** {@code /{root}/collections/{id}/}. */
    record Collection(String root, String collection) implements TaxiiRoute {
        @Override
        public String endpoint() {
            return "collection";
        }
    }

    /** {@code /{root}/collections/{id}/objects/}. */
    record Objects(String root, String collection) implements TaxiiRoute {
        @Override
        public String endpoint() {
            return "objects";
        }
    }

    /** {@code /{root}/collections/{id}/objects/{object-id}/}. */
    record ObjectById(String root, String collection, String objectId) implements TaxiiRoute {
        @Override
        public String endpoint() {
            return "object";
        }
    }

    /** {@code /{root}/collections/{id}/objects/{object-id}/versions/}. */
    record Versions(String root, String collection, String objectId) implements TaxiiRoute {
        @Override
        public String endpoint() {
            return "versions";
        }
    }

    /** {@code /{root}/collections/{id}/manifest/}. */
    record Manifest(String root, String collection) implements TaxiiRoute {
        @Override
        public String endpoint() {
            return "manifest";
        }
    }

    /** A path under a root that no TAXII endpoint serves. */
    record Unknown() implements TaxiiRoute {
        @Override
        public String endpoint() {
            return "unknown";
        }
    }

    /** The route a path addresses. */
    static TaxiiRoute parse(List<String> segments) {
        int n = segments.size();
        if (n == 1) {
            return segments.get(0).equals("taxii2") ? new Discovery() : new ApiRootInfo(segments.get(0));
        }
        if (n == 3 && segments.get(1).equals("status")) {
            return new Status(segments.get(0), segments.get(2));
        }
        if (n < 2 || !segments.get(1).equals("collections")) {
            return new Unknown();
        }
        String root = segments.get(0);
        return switch (n) {
            case 2 -> new Collections(root);
            case 3 -> new Collection(root, segments.get(2));
            case 4 ->
                segments.get(3).equals("objects")
                        ? new Objects(root, segments.get(2))
                        : segments.get(3).equals("manifest") ? new Manifest(root, segments.get(2)) : new Unknown();
            case 5 ->
                segments.get(3).equals("objects")
                        ? new ObjectById(root, segments.get(2), segments.get(4))
                        : new Unknown();
            case 6 ->
                segments.get(3).equals("objects") && segments.get(5).equals("versions")
                        ? new Versions(root, segments.get(2), segments.get(4))
                        : new Unknown();
            default -> new Unknown();
        };
    }
}
