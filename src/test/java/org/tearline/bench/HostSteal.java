package org.tearline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The share of this virtual machine's CPU time the host gave to others ("steal", from
 * {@code /proc/stat}) between two readings. The benchmark machine has lost a third of its CPU
 * this way for hours at a time, which {@link MachineSpeed}, measured once before a run, does
 * not always catch; a figure measured while a third was stolen is not one to compare with
 * others. Unknown (-1) where the kernel does not report it.
 */
final class HostSteal {

    private static final Path STAT = Path.of("/proc/stat");

    /** Jiffies: stolen, and all (busy, idle and stolen) since boot; negative when unknown. */
    private final long stolen;

    private final long total;

    private HostSteal(long stolen, long total) {
        this.stolen = stolen;
        this.total = total;
    }

    /** The counters now. */
    static HostSteal now() {
        try {
            List<String> lines = Files.readAllLines(STAT);
            for (String line : lines) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    // cpu user nice system idle iowait irq softirq steal [guest guest_nice]:
                    // guest time is already counted in user, so it is not added again.
                    if (f.length < 9) {
                        break;
                    }
                    long all = 0;
                    for (int i = 1; i <= 8; i++) {
                        all += Long.parseLong(f[i]);
                    }
                    return new HostSteal(Long.parseLong(f[8]), all);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or not readable: reported as unknown
        }
        return new HostSteal(-1, -1);
    }

    /** Percent of the CPU time since {@code earlier} that was stolen; -1 when unknown. */
    double percentSince(HostSteal earlier) {
        long all = total - earlier.total;
        if (stolen < 0 || earlier.stolen < 0 || all <= 0) {
            return -1;
        }
        return Math.round(1000.0 * (stolen - earlier.stolen) / all) / 10.0;
    }
}
