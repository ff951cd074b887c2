package dev.eventbridge.bench.e2e;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** Where the figures came from: cores, heap, Java, and how busy the machine was (other processes skew every row). */
public final class Machine {

    private Machine() {
    }

    public static String describe() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "Machine: %d cores, max heap %s (benchmark JVM; P4's bridge JVM -Xmx%s), Java %s (%s), %s %s",
                rt.availableProcessors(), ResultTable.megabytes(rt.maxMemory()), MemoryBenchmark.HEAP, System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** The 1-minute system load average, or -1 where the OS does not report it. */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Whether something else was keeping the cores busy (load above half the cores) when the run started. */
    public static boolean busy(double load) {
        return load > Runtime.getRuntime().availableProcessors() * 0.5;
    }
}
