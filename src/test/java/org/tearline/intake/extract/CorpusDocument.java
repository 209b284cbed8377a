package org.tearline.intake.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One document of the test corpus (src/test/resources/intake/corpus): its text, and next to it
 * {@code NAME.expected.json} with its publication time, its publisher's domain and the
 * candidates a careful analyst would take from it (kind, value, the text as written and, for
 * places, the country). The corpus's threat actors are in {@code actors.json}.
 */
record CorpusDocument(String name, String text, JsonNode expected) {

    static final String FOLDER = "/intake/corpus/";
    static final List<String> NAMES = List.of(
            "01-embassy-moscow",
            "02-embassy-paris",
            "03-ioc-report",
            "04-news-stadium",
            "05-analyst-memo",
            "06-ipv6-hashes",
            "07-defang-variety",
            "08-wrapped-lines",
            "09-news-religious",
            "10-advisory-schools",
            "11-analyst-apt28",
            "12-mobile-operators",
            "13-hostage-transport");

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<CorpusDocument> all() {
        List<CorpusDocument> all = new ArrayList<>();
        for (String name : NAMES) {
            all.add(new CorpusDocument(name, read(name + ".txt"), tree(read(name + ".expected.json"))));
        }
        return all;
    }

    ExtractionRequest request() {
        return request(text, expected);
    }

    static ExtractionRequest request(String text, JsonNode expected) {
        return new ExtractionRequest(
                DocumentText.of(text),
                Instant.parse(expected.get("published").asText()),
                Optional.ofNullable(expected.get("publisherDomain")).map(JsonNode::asText),
                actors(),
                Set.of());
    }

    static List<KnownActor> actors() {
        List<KnownActor> actors = new ArrayList<>();
        for (JsonNode a : tree(read("actors.json"))) {
            List<String> aliases = new ArrayList<>();
            a.get("aliases").forEach(alias -> aliases.add(alias.asText()));
            actors.add(new KnownActor(a.get("id").asText(), a.get("name").asText(), aliases));
        }
        return actors;
    }

    static String read(String file) {
        try (InputStream in = CorpusDocument.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("missing corpus file " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
