package org.tearline.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tearline.Tearline;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.Provenance;
import org.tearline.domain.StatusRecord;
import org.tearline.error.BadRequestException;
import org.tearline.error.NotFoundException;
import org.tearline.stix.StixJson;
import org.tearline.taxii.JsonBodies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tearline import FILE --collection ID}: load a STIX bundle. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Import STIX 2.1 objects from a file: a bundle, a TAXII envelope, a JSON"
                + " list of objects or a single object. Each object is validated on its own:"
                + " valid ones are stored, invalid ones reported. Exits 1 when any object was"
                + " refused.")
final class ImportCommand implements Callable<Integer> {

    /** Objects stored per transaction: large files stream through in batches. */
    static final int BATCH = 1_000;

    private final Cli.Io io;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to import.")
    Path file;

    @Option(
            names = "--collection",
            required = true,
            paramLabel = "ID",
            description = "Collection id or alias to import into.")
    String collection;

    @Mixin
    DataOptions data;

    ImportCommand(Cli.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        try (Tearline app = data.open()) {
            CollectionInfo c = app.collections()
                    .find(collection)
                    .orElseThrow(() -> new NotFoundException("collection '" + collection + "' does not exist"));
            Provenance provenance = new Provenance("import", file.getFileName().toString());
            int[] counts = new int[3];
            try (InputStream in = Files.newInputStream(file)) {
                forEachBatch(in, batch -> {
                    StatusRecord s = app.objects().importObjects(c.id(), batch, provenance);
                    for (StatusRecord.Detail d : s.successes()) {
                        counts[d.message() == null ? 0 : 1]++;
                    }
                    for (StatusRecord.Detail d : s.failures()) {
                        counts[2]++;
                        io.err().println("refused " + d.message());
                    }
                });
            } catch (NoSuchFileException e) {
                throw new NotFoundException("file " + file + " does not exist");
            }
            io.out()
                    .println("imported " + file.getFileName() + " into " + c.id() + ": "
                            + counts[0] + " stored, " + counts[1] + " already present, " + counts[2]
                            + " refused");
            return counts[2] == 0 ? 0 : Cli.FAILED;
        }
    }

    @FunctionalInterface
    interface BatchSink {
        void accept(List<JsonNode> batch);
    }

    /** Streams the objects of a file in batches, whatever its shape. */
    static void forEachBatch(InputStream in, BatchSink sink) throws IOException {
        try (JsonParser p = StixJson.mapper().createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                readArray(p, sink);
            } else if (first == JsonToken.START_OBJECT) {
                // A bundle or envelope has an "objects" list; anything else is one object.
                boolean sawObjects = false;
                ObjectNode single = StixJson.mapper().createObjectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals("objects") && value == JsonToken.START_ARRAY) {
                        sawObjects = true;
                        readArray(p, sink);
                    } else {
                        single.set(name, p.readValueAsTree());
                    }
                }
                if (!sawObjects) {
                    sink.accept(List.of(single));
                }
            } else {
                throw new BadRequestException("the file must hold a JSON object or list");
            }
            if (p.nextToken() != null) {
                throw new BadRequestException("the file has content after its JSON value");
            }
        } catch (JsonProcessingException e) {
            throw new BadRequestException(JsonBodies.describe(e).replace("the body", "the file"));
        }
    }

    private static void readArray(JsonParser p, BatchSink sink) throws IOException {
        List<JsonNode> batch = new ArrayList<>(BATCH);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            batch.add(p.readValueAsTree());
            if (batch.size() == BATCH) {
                sink.accept(batch);
                batch = new ArrayList<>(BATCH);
            }
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }
}
