package org.tearline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tearline serve} in a process of its own ({@code java -cp <test class path>
 * org.tearline.Main serve --data DIR --port 0 [--db URL]}), so a test can kill it as a crash
 * would: {@link #kill()} sends SIGKILL, which no shutdown hook, finally block or close sees.
 */
public final class ServerProcess {

    private static final Pattern SERVING = Pattern.compile("Tearline is serving TAXII 2\\.1 at (\\S+)/taxii2/");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger STARTS = new AtomicInteger();

    private final Process process;
    private final URI base;
    private final Path stderr;

    private ServerProcess(Process process, URI base, Path stderr) {
        this.process = process;
        this.base = base;
        this.stderr = stderr;
    }

    /**
     * Starts a server on {@code dataDir} (and {@code database}, unless null) on a free port and
     * waits until it says it is serving. Its output goes to files in {@code dataDir}.
     */
    public static ServerProcess start(Path dataDir, String database) {
        int n = STARTS.incrementAndGet();
        Path out = dataDir.resolve("serve-" + n + ".out");
        Path err = dataDir.resolve("serve-" + n + ".err");
        List<String> command = new ArrayList<>(List.of(
                javaExecutable(),
                // A quick start matters more here than peak speed.
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                classPath(),
                "org.tearline.Main",
                "serve",
                "--data",
                dataDir.toString(),
                "--port",
                "0"));
        if (database != null) {
            command.add("--db");
            command.add(database);
        }
        Process p;
        try {
            Files.createDirectories(dataDir);
            p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = SERVING.matcher(read(out));
            if (m.find()) {
                return new ServerProcess(p, URI.create(m.group(1)), err);
            }
            if (!p.isAlive()) {
                throw new AssertionError(
                        "the server process exited with " + p.exitValue() + " before serving:\n" + read(err));
            }
            sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("the server process did not start within " + START_TIMEOUT + ":\n" + read(err));
    }

    /** The server's base URI, e.g. http://127.0.0.1:41234. */
    public URI base() {
        return base;
    }

    public long pid() {
        return process.pid();
    }

    /** What the server logged so far. */
    public String log() {
        return read(stderr);
    }

    /**
     * Kills the process with SIGKILL and waits until the operating system has reaped it: no
     * shutdown hook runs, no connection is closed, no buffer is flushed by the process.
     */
    public void kill() {
        long pid = process.pid();
        process.destroyForcibly();
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("process %d ended", pid)
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(process.exitValue())
                .as("exit status of a process ended by SIGKILL (128 + 9)")
                .isEqualTo(137);
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        assertThat(handle.isEmpty() || !handle.get().isAlive())
                .as("process %d is gone", pid)
                .isTrue();
    }

    /** Kills the process if it still runs (for clean-up after a failed test). */
    public void killIfAlive() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /**
     * The class path to start Tearline with: surefire's test class path when running under
     * surefire (there {@code java.class.path} is only surefire's booter jar), else this JVM's.
     */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        boolean hasMain = false;
        for (String entry : cp.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p.resolve("org/tearline/Main.class"))) {
                hasMain = true;
            }
        }
        assertThat(hasMain)
                .as("a class path entry holds org/tearline/Main.class: %s", cp)
                .isTrue();
        return cp;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
