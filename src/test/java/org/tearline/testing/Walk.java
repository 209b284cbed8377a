package org.tearline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a paged TAXII listing (objects, manifest, versions) to its end, taking turns among
 * clients: page 1 from the first, page 2 from the next with the first's {@code next} token,
 * and so on. With clients of different nodes, this is a client behind a load balancer.
 */
public final class Walk {

    private Walk() {}

    /** Every page of {@code path} with {@code filters}, {@code limit} items a page, in order. */
    public static List<TaxiiClient.Reply> pages(
            List<TaxiiClient> clients, String path, Map<String, String> filters, int limit) {
        List<TaxiiClient.Reply> pages = new ArrayList<>();
        String next = null;
        do {
            Map<String, String> params = new LinkedHashMap<>(filters);
            params.put("limit", Integer.toString(limit));
            if (next != null) {
                params.put("next", next);
            }
            TaxiiClient.Reply page = clients.get(pages.size() % clients.size()).get(path, params);
            assertThat(page.status())
                    .as("page %d of %s: %s", pages.size() + 1, path, page.body())
                    .isEqualTo(200);
            pages.add(page);
            JsonNode body = page.json();
            boolean more = body.path("more").asBoolean(false);
            next = more ? body.path("next").asText("") : null;
            assertThat(next).as("a page with more=true carries next").isNotEqualTo("");
        } while (next != null);
        return pages;
    }

    /** The items under {@code field} ("objects" or "versions") of every page, in order. */
    public static List<JsonNode> items(List<TaxiiClient.Reply> pages, String field) {
        List<JsonNode> out = new ArrayList<>();
        for (TaxiiClient.Reply page : pages) {
            page.json().path(field).forEach(out::add);
        }
        return out;
    }

    /** {@code id@modified} of every object of every page, in order. */
    public static List<String> idVersions(List<TaxiiClient.Reply> pages) {
        List<String> out = new ArrayList<>();
        for (JsonNode o : items(pages, "objects")) {
            out.add(o.get("id").asText() + "@" + o.path("modified").asText());
        }
        return out;
    }
}
