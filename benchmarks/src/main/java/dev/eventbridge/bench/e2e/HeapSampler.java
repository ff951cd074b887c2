package dev.eventbridge.bench.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * Samples this JVM's heap every 20 ms on a daemon thread: the peak of heap used (live data plus
 * garbage not yet collected) and the peak of what was left in the heap pools after a collection
 * (closer to the live set).
 */
public final class HeapSampler {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()).toList();
    private long peakUsed;
    private long peakAfterGc;

    public HeapSampler start() {
        Thread t = new Thread(() -> {
            while (true) {
                sample();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        t.setDaemon(true);
        t.start();
        return this;
    }

    private synchronized void sample() {
        peakUsed = Math.max(peakUsed, memory.getHeapMemoryUsage().getUsed());
        long afterGc = 0;
        for (MemoryPoolMXBean p : pools) {
            MemoryUsage u = p.getCollectionUsage();
            if (u != null) {
                afterGc += u.getUsed();
            }
        }
        peakAfterGc = Math.max(peakAfterGc, afterGc);
    }

    /** {@code peakUsed peakAfterGc maxHeap} in bytes since the last call, then starts over. */
    public synchronized String takePeaks() {
        sample();
        String line = peakUsed + " " + peakAfterGc + " " + memory.getHeapMemoryUsage().getMax();
        peakUsed = 0;
        peakAfterGc = 0;
        return line;
    }
}
