package org.tearline.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.tearline.Tearline;
import org.tearline.domain.CollectionInfo;
import org.tearline.error.NotFoundException;
import org.tearline.stix.StixJson;
import org.tearline.store.ObjectFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tearline export --collection ID}: a collection as a STIX bundle. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write a collection to standard output as a STIX 2.1 bundle, streaming:"
                + " collections of any size are never held in memory.")
final class ExportCommand implements Callable<Integer> {

    private final Cli.Io io;

    @Option(names = "--collection", required = true, paramLabel = "ID", description = "Collection id or alias.")
    String collection;

    @Option(names = "--all-versions", description = "Every stored version of each object, not just the latest.")
    boolean allVersions;

    @Mixin
    DataOptions data;

    ExportCommand(Cli.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        try (Tearline app = data.open();
                JsonGenerator g = StixJson.mapper().getFactory().createGenerator(io.out())) {
            CollectionInfo c = app.collections()
                    .find(collection)
                    .orElseThrow(() -> new NotFoundException("collection '" + collection + "' does not exist"));
            g.writeStartObject();
            g.writeStringField("type", "bundle");
            g.writeStringField("id", "bundle--" + UUID.randomUUID());
            g.writeArrayFieldStart("objects");
            ObjectFilter filter = allVersions ? ObjectFilter.EVERYTHING : ObjectFilter.LATEST;
            app.objects().export(c.id(), filter, o -> {
                try {
                    g.writeRawValue(o.json());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
            io.out().println();
        }
        return 0;
    }
}
