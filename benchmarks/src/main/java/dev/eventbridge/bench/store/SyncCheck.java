package dev.eventbridge.bench.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether a candidate really syncs each group: opens it in a fresh directory, appends a few groups,
 * attaches {@code strace -f -c -e trace=fsync,fdatasync,sync_file_range} to this JVM (all its
 * threads), appends {@code groups} groups of {@code size} events, detaches and prints the counts per
 * group, and the bytes the process wrote to storage per event meanwhile (/proc/self/io). A
 * candidate with fewer than one sync per group does not make each group durable before answering,
 * and is disqualified.
 *
 * <pre>java -cp 'benchmarks/target/eventbridge-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' \
 *     dev.eventbridge.bench.store.SyncCheck [h2-bridge,h2-lean,sqlite,rocksdb] [size 500] [groups 100]</pre>
 */
public final class SyncCheck {

    private static final List<String> SYSCALLS = List.of("fsync", "fdatasync", "sync_file_range");

    public static void main(String[] args) throws Exception {
        List<String> stores = List.of((args.length > 0 ? args[0] : "h2-bridge,h2-lean,sqlite,rocksdb").split(","));
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int groups = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        System.out.println("| store | group size | groups | fsync | fdatasync | sync_file_range | syncs per group | bytes written per event |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String store : stores) {
            Path dir = Workspace.fresh(store);
            Map<String, Long> calls;
            long written;
            try (Candidate c = Candidate.open(store, dir)) {
                Events events = new Events();
                for (int i = 0; i < 5; i++) {
                    c.append(events.group(size));
                }
                long before = writeBytes();
                calls = traced(() -> {
                    for (int i = 0; i < groups; i++) {
                        c.append(events.group(size));
                    }
                });
                written = writeBytes() - before;
            } finally {
                Workspace.delete(dir);
            }
            long total = calls.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("| %s | %d | %d | %d | %d | %d | %.2f | %,d |%n", store, size, groups, calls.get("fsync"), calls.get("fdatasync"),
                    calls.get("sync_file_range"), (double) total / groups, written / ((long) groups * size));
        }
    }

    /**
     * The bytes this process caused to be sent to storage ({@code write_bytes} of /proc/self/io), for
     * the write amplification: the event's data is {@value Events#PAYLOAD} bytes of JSON.
     */
    static long writeBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).trim());
            }
        }
        return -1;
    }

    interface Work {
        void run() throws Exception;
    }

    /** The sync calls of this process (every thread) while {@code work} runs. */
    static Map<String, Long> traced(Work work) throws Exception {
        Path out = Files.createTempFile("strace-", ".txt");
        try {
            Process strace = new ProcessBuilder("strace", "-f", "-c", "-e", "trace=" + String.join(",", SYSCALLS), "-o", out.toString(),
                    "-p", Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).start();
            // strace reports "Process N attached" for each thread; wait for it to settle
            StringBuilder said = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            var in = strace.getInputStream();
            while (System.nanoTime() < deadline && said.indexOf("attached") < 0) {
                if (in.available() > 0) {
                    said.append((char) in.read());
                } else if (!strace.isAlive()) {
                    throw new IOException("strace exited: " + new String(in.readAllBytes()) + said);
                } else {
                    Thread.sleep(20);
                }
            }
            Thread.sleep(1_000);
            work.run();
            strace.destroy(); // SIGTERM: strace detaches and writes the summary
            if (!strace.waitFor(10, TimeUnit.SECONDS)) {
                strace.destroyForcibly();
                throw new IOException("strace did not stop");
            }
            Map<String, Long> calls = new LinkedHashMap<>();
            for (String s : SYSCALLS) {
                calls.put(s, 0L);
            }
            for (String line : Files.readAllLines(out)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 5 && calls.containsKey(f[f.length - 1])) {
                    calls.put(f[f.length - 1], Long.parseLong(f[3]));
                }
            }
            return calls;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
