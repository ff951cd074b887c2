package dev.eventbridge.bench.e2e;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Samples, once a second during the run, how busy the whole machine's CPUs were and how much of
 * that was this JVM, so that the output says when other processes competed for the cores (the
 * load average alone is a poor guide on some virtual machines). P4's bridge runs in a child JVM and
 * counts as "other" while it runs.
 */
public final class CpuMonitor implements AutoCloseable {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Thread thread;
    private double machineSum;
    private double processSum;
    private int samples;

    public CpuMonitor() {
        thread = new Thread(this::run, "cpu-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        os.getCpuLoad();
        os.getProcessCpuLoad();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            double machine = os.getCpuLoad();
            double process = os.getProcessCpuLoad();
            if (machine >= 0 && process >= 0) {
                synchronized (this) {
                    machineSum += machine;
                    processSum += Math.min(process, machine);
                    samples++;
                }
            }
        }
    }

    /** One line: average machine CPU busy, this JVM's part, the rest. */
    public synchronized String summary() {
        if (samples == 0) {
            return "CPU use during the run: not reported by this OS";
        }
        double machine = 100 * machineSum / samples;
        double process = 100 * processSum / samples;
        return String.format(Locale.ROOT, "CPU use during the run (all %d cores): %.0f%% busy on average, %.0f%% of it this JVM, %.0f%% other "
                        + "processes (including P4's bridge JVM)", Runtime.getRuntime().availableProcessors(), machine, process,
                machine - process);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
