package org.tearline.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tearline.Tearline;
import org.tearline.error.NotFoundException;
import org.tearline.release.Explanation;
import org.tearline.service.ReleaseService;
import org.tearline.stix.StixJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tearline release preview}: what an audience receives, and why. */
@Command(name = "release", description = "Inspect release views.", mixinStandardHelpOptions = true)
final class ReleaseCommand {

    @Command(
            name = "preview",
            mixinStandardHelpOptions = true,
            description = "Print, as JSON, an audience's view and, per object and property,"
                    + " what happened to it and which marking and rule decided it. With"
                    + " --policy, the view under a proposed policy and what the audience would"
                    + " gain, lose and have taken back.")
    static final class Preview implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "AUDIENCE", description = "Audience name.")
        String audience;

        @Option(names = "--object", paramLabel = "ID", description = "Only this source object (its original id).")
        String object;

        @Option(
                names = "--policy",
                paramLabel = "FILE",
                description = "A proposed policy to preview instead of the current one.")
        Path policy;

        @Mixin
        DataOptions data;

        Preview(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            Optional<String> proposed = policy == null ? Optional.empty() : Optional.of(Files.readString(policy));
            try (Tearline app = data.open()) {
                ReleaseService.Preview p = app.releases().preview(audience, proposed);
                ObjectNode out = StixJson.mapper().createObjectNode();
                out.put("audience", p.audience());
                out.put("policy", p.policy());
                ArrayNode objects = out.putArray("objects");
                boolean found = false;
                for (Explanation e : p.explanations()) {
                    if (object != null && !object.equals(e.originalId())) {
                        continue;
                    }
                    found = true;
                    ObjectNode o = objects.addObject();
                    o.put("original_id", e.originalId());
                    o.put("released_id", e.releasedId());
                    o.put("outcome", e.released() ? "released" : "withheld");
                    if (e.reason() != null) {
                        o.put("reason", e.reason());
                    }
                    String heldWith = p.heldByWarning().get(e.originalId());
                    if (heldWith != null) {
                        o.put("held_with_warning", heldWith);
                    }
                    ArrayNode decisions = o.putArray("decisions");
                    for (Explanation.Decision d : e.decisions()) {
                        ObjectNode dn = decisions.addObject();
                        dn.put("property", d.path().isEmpty() ? "(object)" : d.path());
                        dn.put("action", d.action().label());
                        if (d.marking() != null) {
                            dn.put("marking", d.marking());
                        }
                        dn.put("rule", d.rule());
                    }
                    ObjectNode released = p.released().get(e.originalId());
                    if (released != null) {
                        o.set("released", released);
                    }
                }
                if (object != null && !found) {
                    throw new NotFoundException(
                            "object '" + object + "' is not in the sources" + " of audience '" + audience + "'");
                }
                if (policy != null) {
                    ObjectNode changes = out.putObject("changes");
                    p.gained().forEach(changes.putArray("gained")::add);
                    p.lost().forEach(changes.putArray("lost")::add);
                    p.takenBack().forEach(changes.putArray("taken_back")::add);
                }
                io.out()
                        .println(StixJson.mapper()
                                .writerWithDefaultPrettyPrinter()
                                .writeValueAsString(out));
            }
            return 0;
        }
    }
}
