package dev.eventbridge.bench.http;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time over one measured window, from Linux's per-process accounting ({@code /proc/<pid>/stat}): this JVM's
 * (servers and Java clients together) and every other process's, children that exited included (their parent's
 * cutime/cstime), so the table can say how much other processes took from the shared cores. NaN where there is no /proc.
 */
final class CpuWindow {

    /** Linux's USER_HZ: /proc counts CPU time in 1/100 s on every mainstream kernel configuration. */
    private static final double JIFFY_NANOS = 10_000_000.0;
    private static final long SELF = ProcessHandle.current().pid();

    private final long wallStart = System.nanoTime();
    private final long[] start = sample();

    /** Cores' worth of CPU used, averaged over the window: {this JVM, all other processes}. */
    double[] stop() {
        long[] end = sample();
        double wall = System.nanoTime() - wallStart;
        if (start == null || end == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {(end[0] - start[0]) * JIFFY_NANOS / wall, Math.max(0, (end[1] - start[1]) * JIFFY_NANOS / wall)};
    }

    /** {this JVM's jiffies, every other process's jiffies with its exited children's}, or null without /proc. */
    private static long[] sample() {
        long self = 0;
        long other = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                long[] t = times(dir.resolve("stat"));
                if (t == null) {
                    continue;
                }
                if (pid == SELF) {
                    self = t[0];
                } else {
                    other += t[0] + t[1];
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return new long[] {self, other};
    }

    /** {utime + stime, cutime + cstime} of one process, or null if it is gone. */
    private static long[] times(Path stat) {
        try {
            String s = Files.readString(stat);
            // after "pid (comm) ": state is field 3; utime, stime, cutime, cstime are fields 14-17
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
