package org.tearline.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.tearline.Tearline;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.service.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tearline collection ...}: TAXII collections. */
@Command(name = "collection", description = "Manage collections.", mixinStandardHelpOptions = true)
final class CollectionCommand {

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Create a collection. TAXII identifies collections by UUID: give a"
                    + " UUID as ID, or a short name, which becomes the collection's alias"
                    + " while a UUID is generated for its id.")
    static final class Add implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "ID", description = "A UUID, or a short name.")
        String id;

        @Option(names = "--title", required = true, paramLabel = "TITLE", description = "Human-readable title.")
        String title;

        @Option(names = "--description", paramLabel = "TEXT", description = "Description.")
        String description;

        @Option(names = "--alias", paramLabel = "NAME", description = "Alias, unique within the API root.")
        String alias;

        @Option(
                names = "--api-root",
                paramLabel = "ROOT",
                description = "API root (default: the configured default API root).")
        String apiRoot;

        @Mixin
        DataOptions data;

        Add(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                String root = apiRoot != null ? apiRoot : app.config().taxii().defaultApiRoot();
                String collectionId = id;
                String collectionAlias = alias;
                if (!Names.isValidCollectionId(id)) {
                    if (alias != null && !alias.equals(id)) {
                        throw new picocli.CommandLine.ParameterException(
                                new picocli.CommandLine(this),
                                "ID '" + id + "' is not a UUID" + " and --alias names a different alias");
                    }
                    collectionAlias = id.toLowerCase(Locale.ROOT);
                    collectionId = null;
                }
                CollectionInfo c = app.collections()
                        .create(collectionId, root, title, description, collectionAlias, CollectionKind.SOURCE);
                io.out()
                        .println("created collection " + c.id()
                                + (c.alias() == null ? "" : " (alias " + c.alias() + ")")
                                + " in API root " + c.apiRoot());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List collections.")
    static final class ListCollections implements Callable<Integer> {
        private final Cli.Io io;

        @Mixin
        DataOptions data;

        ListCollections(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                for (CollectionInfo c : app.collections().all()) {
                    io.out()
                            .println(c.apiRoot() + "\t" + c.id() + "\t"
                                    + (c.alias() == null ? "-" : c.alias()) + "\t"
                                    + c.kind().dbName() + "\t" + c.title());
                }
            }
            return 0;
        }
    }
}
