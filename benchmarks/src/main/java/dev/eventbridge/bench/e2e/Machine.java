package dev.eventbridge.bench.e2e;

import java.util.Locale;

/** One line describing where the figures came from. */
public final class Machine {

    private Machine() {
    }

    public static String describe() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "Machine: %d cores, max heap %s (benchmark JVM; P4's bridge JVM -Xmx%s), Java %s (%s), %s %s",
                rt.availableProcessors(), ResultTable.megabytes(rt.maxMemory()), MemoryBenchmark.HEAP, System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("os.name"), System.getProperty("os.arch"));
    }
}
