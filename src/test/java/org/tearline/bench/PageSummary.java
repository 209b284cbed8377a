package org.tearline.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.tearline.stix.StixJson;

/**
 * What the reader needs of a page: how many objects, and where the next one starts. Read
 * with the streaming parser, which tokenises every byte (a malformed page still fails) but
 * builds no tree: on two cores shared with the server, a tree of every page would measure
 * the client as much as the server.
 */
record PageSummary(int objects, boolean more, String next) {
    static PageSummary of(byte[] body) throws IOException {
        int objects = 0;
        boolean more = false;
        String next = null;
        try (JsonParser p = StixJson.mapper().getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a page is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "more" -> more = t == JsonToken.VALUE_TRUE;
                    case "next" -> next = p.getText();
                    case "objects" -> {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            objects++;
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return new PageSummary(objects, more, next);
    }
}
