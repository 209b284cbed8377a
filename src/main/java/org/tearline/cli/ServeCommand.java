package org.tearline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tearline.Tearline;
import org.tearline.config.TearlineConfig;
import org.tearline.error.ConfigurationException;
import org.tearline.server.HttpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tearline serve}: run the server. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the TAXII 2.1 server. Plain HTTP is served only on a loopback"
                + " address; elsewhere configure TLS or state --behind-tls-proxy.")
final class ServeCommand implements Callable<Integer> {

    private final Cli.Io io;

    @Mixin
    DataOptions data;

    @Option(names = "--port", paramLabel = "N", description = "Port (default 8080; 0 picks a" + " free one).")
    Integer port;

    @Option(names = "--host", paramLabel = "H", description = "Address to listen on (default 127.0.0.1).")
    String host;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain for HTTPS.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key for HTTPS.")
    Path tlsKey;

    @Option(
            names = "--behind-tls-proxy",
            description = "Serve plain HTTP on a non-loopback address because a TLS-terminating"
                    + " proxy is in front; honours X-Forwarded-* headers.")
    boolean behindTlsProxy;

    @Option(
            names = "--demo",
            description = "Seed demo users, collections and objects (once), and print how to"
                    + " query them. Only on a loopback address: the demo passwords are public.")
    boolean demo;

    ServeCommand(Cli.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        TearlineConfig config = data.config();
        TearlineConfig.Server s = config.server();
        config = config.withServer(new TearlineConfig.Server(
                host != null ? host : s.host(),
                port != null ? port : s.port(),
                tlsCert != null ? tlsCert : s.tlsCertificate(),
                tlsKey != null ? tlsKey : s.tlsKey(),
                behindTlsProxy || s.behindTlsProxy(),
                s.maxThreads(),
                s.publicUrl()));
        if (demo
                && (config.server().behindTlsProxy()
                        || !HttpServer.isLoopback(config.server().host()))) {
            throw new ConfigurationException(
                    "--demo seeds accounts with published passwords;" + " it runs only on a loopback address");
        }
        Tearline app = data.open(config);
        HttpServer server;
        try {
            if (demo) {
                Demo.seed(app, io.out());
            }
            server = app.httpServer();
            server.start();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        io.out()
                .println("Tearline is serving TAXII 2.1 at " + server.baseUri() + "/taxii2/" + " (store: "
                        + app.describeStore() + ")");
        if (demo) {
            Demo.printGuide(app, server.baseUri().toString(), io.out());
        }
        io.out().flush();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            app.close();
                        },
                        "tearline-shutdown"));
        server.join();
        return 0;
    }
}
