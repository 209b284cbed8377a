package org.tearline.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files and directories only their owner may read: the database (with the intelligence, the
 * secret that links derived ids to original ones and the password hashes), its write-ahead log
 * and the signing key. Tearline creates them so; those that already exist with looser modes are
 * left as they are (an operator may have reasons, a backup group say) and named in a warning at
 * start-up. On file systems without POSIX permissions nothing is set or checked.
 */
public final class PrivateFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);

    /** rwx------. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    /** rw-------. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final Set<PosixFilePermission> OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    /**
     * Creates {@code dir} and any missing parents owner-only; a directory that already exists
     * is only checked, with a warning when others may use it.
     */
    public static void directory(Path dir) {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            warnIfShared(absolute);
            return;
        }
        try {
            if (posix(absolute)) {
                Files.createDirectories(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY));
            } else {
                Files.createDirectories(absolute);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + absolute, e);
        }
    }

    /**
     * Creates an empty owner-only {@code file} when it does not exist; one that exists is
     * only checked, with a warning when others may use it.
     */
    public static void file(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            if (posix(absolute.getParent())) {
                Files.createFile(absolute, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(absolute);
            }
        } catch (FileAlreadyExistsException e) {
            warnIfShared(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create file " + absolute, e);
        }
    }

    /** Logs a warning naming {@code path} and its mode when its group or others may use it. */
    public static void warnIfShared(Path path) {
        PosixFileAttributeView view =
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Set<PosixFilePermission> mode = view.readAttributes().permissions();
            if (mode.stream().anyMatch(OTHERS::contains)) {
                boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
                LOG.warn(
                        "{} is accessible to users other than its owner (mode {}); it holds"
                                + " intelligence, server secrets or password hashes. Tearline creates"
                                + " it {}; run 'chmod {} {}' unless others must read it",
                        path,
                        PosixFilePermissions.toString(mode),
                        directory ? "rwx------" : "rw-------",
                        directory ? "700" : "600",
                        path);
            }
        } catch (IOException e) {
            LOG.warn("cannot read the permissions of {}", path, e);
        }
    }

    private static boolean posix(Path near) {
        Path p = near;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p != null && supportsPosix(p);
    }

    private static boolean supportsPosix(Path existing) {
        try {
            return Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException e) {
            return false;
        }
    }
}
