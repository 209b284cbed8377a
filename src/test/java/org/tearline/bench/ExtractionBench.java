package org.tearline.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tearline.intake.extract.DocumentText;
import org.tearline.intake.extract.Extraction;
import org.tearline.intake.extract.ExtractionRequest;
import org.tearline.intake.extract.Extractor;
import org.tearline.intake.extract.KnownActor;

/**
 * The extraction benchmark: 1 MB of text (the test corpus's advisories, articles, memos and
 * indicator reports, repeated) through the standard extraction, as one page and as pages of
 * about 3,000 characters (a PDF's), on one thread. Not a test. Prints one JSON line with the
 * median and best of {@code --rounds} runs after a warm-up, and the machine's speed
 * ({@link MachineSpeed}). Run it with {@code bench/extract.sh}; see docs/benchmarks.md.
 *
 * <p>Arguments: {@code [--bytes 1000000] [--rounds 7]}.
 */
public final class ExtractionBench {

    private static final String[] CORPUS = {
        "01-embassy-moscow", "02-embassy-paris", "03-ioc-report", "04-news-stadium", "05-analyst-memo",
        "06-ipv6-hashes", "07-defang-variety", "08-wrapped-lines", "09-news-religious", "10-advisory-schools",
        "11-analyst-apt28", "12-mobile-operators", "13-hostage-transport"
    };

    private ExtractionBench() {}

    public static void main(String[] args) throws Exception {
        int bytes = 1_000_000;
        int rounds = 7;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--bytes" -> bytes = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Map<String, Object> speed = MachineSpeed.measure();
        StringBuilder text = new StringBuilder(bytes + 4096);
        for (int i = 0; text.length() < bytes; i++) {
            text.append(read(CORPUS[i % CORPUS.length])).append("\n\n");
        }
        String all = text.substring(0, bytes);
        List<String> pages = new ArrayList<>();
        for (int at = 0; at < all.length(); at += 3000) {
            pages.add(all.substring(at, Math.min(all.length(), at + 3000)));
        }
        List<KnownActor> actors = List.of(
                new KnownActor("intrusion-set--1", "APT28", List.of("Fancy Bear", "Sofacy", "STRONTIUM")),
                new KnownActor("intrusion-set--2", "Sandworm Team", List.of("Sandworm", "Voodoo Bear")),
                new KnownActor("intrusion-set--3", "Lazarus Group", List.of("Hidden Cobra")));
        Instant published = Instant.parse("2024-03-07T19:00:00Z");
        Extraction extraction = Extractor.standard();
        long loadStart = System.nanoTime();
        extraction.extract(
                new ExtractionRequest(DocumentText.of("in Moscow"), published, Optional.empty(), actors, Set.of()));
        long loadMs = (System.nanoTime() - loadStart) / 1_000_000;

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("bench", "extraction");
        result.put("bytes", all.length());
        result.put("first_call_ms_with_gazetteer_load", loadMs);
        for (Map.Entry<String, DocumentText> shape : Map.of(
                        "one_page", DocumentText.of(all), "pages_of_3000", new DocumentText(pages))
                .entrySet()) {
            ExtractionRequest request = new ExtractionRequest(
                    shape.getValue(), published, Optional.of("tearline-cti.org"), actors, Set.of());
            int candidates = 0;
            for (int w = 0; w < 2; w++) {
                candidates = extraction.extract(request).size();
            }
            long[] ms = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                long t = System.nanoTime();
                extraction.extract(request);
                ms[r] = (System.nanoTime() - t) / 1_000_000;
            }
            java.util.Arrays.sort(ms);
            result.put(shape.getKey() + "_median_ms", ms[rounds / 2]);
            result.put(shape.getKey() + "_best_ms", ms[0]);
            result.put(shape.getKey() + "_candidates", candidates);
        }
        result.putAll(speed);
        System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(result));
    }

    private static String read(String name) {
        try (InputStream in = ExtractionBench.class.getResourceAsStream("/intake/corpus/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("missing corpus document " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
