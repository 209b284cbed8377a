package org.tearline.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.tearline.release.Markings;
import org.tearline.stix.StixJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tearline markings}: the marking definitions Tearline knows, as STIX. */
@Command(
        name = "markings",
        mixinStandardHelpOptions = true,
        description = "Print Tearline's own marking definitions (source-protected,"
                + " method-protected; fixed ids) as a STIX 2.1 bundle, to mark source objects"
                + " with. With --all, the TLP 1.0 and TLP 2.0 definitions too.")
final class MarkingsCommand implements Callable<Integer> {

    private final Cli.Io io;

    @Option(names = "--all", description = "Include the TLP definitions.")
    boolean all;

    @Mixin
    DataOptions data;

    MarkingsCommand(Cli.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        ObjectNode bundle = StixJson.mapper().createObjectNode();
        bundle.put("type", "bundle");
        bundle.put(
                "id",
                "bundle--" + UUID.nameUUIDFromBytes(("tearline-markings-" + all).getBytes(StandardCharsets.UTF_8)));
        ArrayNode objects = bundle.putArray("objects");
        Markings.definitions(!all).forEach(objects::add);
        io.out().println(StixJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(bundle));
        return 0;
    }
}
