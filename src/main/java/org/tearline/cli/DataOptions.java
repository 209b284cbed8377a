package org.tearline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.tearline.Tearline;
import org.tearline.config.TearlineConfig;
import picocli.CommandLine.Option;

/** The options every command shares: where the data lives and how it is configured. */
public final class DataOptions {

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description = "Data directory: the SQLite database, keys and default configuration"
                    + " (tearline.yaml) live here. Created when missing.")
    Path data;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration file (YAML). Default: DIR/tearline.yaml when present.")
    Path config;

    @Option(
            names = "--db",
            paramLabel = "URL",
            description = "Database URL, e.g. postgresql://user@127.0.0.1:5432/tearline."
                    + " Default: SQLite in the data directory.")
    String database;

    /** The configuration: the file, then command-line overrides. */
    TearlineConfig config() {
        Path file = config != null ? config : data.resolve("tearline.yaml");
        TearlineConfig c = config != null || Files.exists(file) ? TearlineConfig.load(file) : TearlineConfig.defaults();
        if (database != null) {
            c = c.withStore(new TearlineConfig.StoreSettings(
                    database, c.store().poolSize(), c.store().sqliteSyncFull()));
        }
        return c;
    }

    /** Opens the application with the given configuration. */
    Tearline open(TearlineConfig config) {
        return Tearline.open(config, data, Clock.systemUTC());
    }

    /** Opens the application with the configuration from the options. */
    Tearline open() {
        return open(config());
    }
}
