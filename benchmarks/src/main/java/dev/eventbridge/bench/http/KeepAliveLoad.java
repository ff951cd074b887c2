package dev.eventbridge.bench.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The good clients: {@code clients} threads, each with one keep-alive HTTP/1.1 connection over a plain
 * socket, sending {@code POST /api/events} one at a time, back to back (closed loop). A request that gets
 * no complete 201 within {@link #TIMEOUT_MS} (or an I/O error) counts as failed and the client reconnects;
 * a request still unanswered after 1 s when the window closes counts as stuck (and as slower than 1 s).
 */
final class KeepAliveLoad {

    static final int TIMEOUT_MS = 5_000;

    /** What one measured window saw. */
    record Result(long ok, long failed, long slowerThan1s, long stuck, double seconds, Histogram latencyMicros, double selfCores,
                  double otherCores) {
        /** This JVM's CPU time (server and Java clients) per good request, in microseconds. */
        double cpuMicrosPerRequest() {
            return ok == 0 ? Double.NaN : selfCores * seconds * 1e6 / ok;
        }

        double perSecond() {
            return ok / seconds;
        }

        double p50Ms() {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(50) / 1000.0;
        }

        double p99Ms() {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(99) / 1000.0;
        }

        double maxMs() {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
        }
    }

    private final int port;
    private final int clients;
    private final byte[] request;

    KeepAliveLoad(int port, int clients) {
        this.port = port;
        this.clients = clients;
        byte[] head = ("POST " + Publish.PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: " + Publish.CONTENT_TYPE
                + "\r\nContent-Length: " + Publish.REQUEST_BODY.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        request = new byte[head.length + Publish.REQUEST_BODY.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(Publish.REQUEST_BODY, 0, request, head.length, Publish.REQUEST_BODY.length);
    }

    /** Runs the clients for {@code warmupSeconds} unrecorded, then {@code seconds} recorded. */
    Result run(int warmupSeconds, int seconds) throws InterruptedException {
        Phase phase = new Phase();
        List<Client> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client c = new Client(phase);
            all.add(c);
            c.thread = new Thread(c, "good-client-" + i);
            c.thread.setDaemon(true);
            c.thread.start();
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds));
        CpuWindow cpu = new CpuWindow();
        long begin = System.nanoTime();
        phase.state = 1;
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        phase.state = 2;
        long end = System.nanoTime();
        double[] cores = cpu.stop();
        long stuck = 0;
        for (Client c : all) {
            long since = c.inFlightSince;
            if (since != 0 && end - since > TimeUnit.SECONDS.toNanos(1)) {
                stuck++;
            }
        }
        Histogram merged = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        for (Client c : all) {
            c.thread.join(TIMEOUT_MS + 1_000L);
            synchronized (c) {
                merged.add(c.histogram);
            }
        }
        return new Result(phase.ok.sum(), phase.failed.sum(), phase.slow.sum() + stuck, stuck, (end - begin) / 1e9, merged, cores[0], cores[1]);
    }

    private static final class Phase {
        volatile int state;
        final LongAdder ok = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder slow = new LongAdder();
    }

    private final class Client implements Runnable {
        private final Phase phase;
        private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        private final byte[] buffer = new byte[16 * 1024];
        private Thread thread;
        private Socket socket;
        /** When the request under way was sent (System.nanoTime), 0 between requests. */
        private volatile long inFlightSince;

        Client(Phase phase) {
            this.phase = phase;
        }

        @Override
        public void run() {
            try {
                while (phase.state < 2) {
                    long start = System.nanoTime();
                    inFlightSince = start;
                    boolean ok;
                    try {
                        if (socket == null) {
                            socket = new Socket();
                            socket.setTcpNoDelay(true);
                            socket.setSoTimeout(TIMEOUT_MS);
                            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
                        }
                        ok = exchange(socket.getOutputStream(), socket.getInputStream());
                    } catch (SocketTimeoutException e) {
                        ok = false;
                    } catch (IOException e) {
                        ok = false;
                        sleepQuietly(10);
                    }
                    long micros = (System.nanoTime() - start) / 1_000;
                    inFlightSince = 0;
                    if (!ok) {
                        closeQuietly();
                    }
                    if (phase.state == 1) {
                        if (ok) {
                            phase.ok.increment();
                            synchronized (this) {
                                histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
                            }
                        } else {
                            phase.failed.increment();
                        }
                        if (micros > 1_000_000) {
                            phase.slow.increment();
                        }
                    }
                }
            } finally {
                closeQuietly();
            }
        }

        /** Sends one request and reads one response; true when it is a complete 201. */
        private boolean exchange(OutputStream out, InputStream in) throws IOException {
            out.write(request);
            out.flush();
            int filled = 0;
            int headerEnd = -1;
            while (headerEnd < 0) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    return false;
                }
                filled += n;
                headerEnd = indexOfBlankLine(buffer, filled);
                if (headerEnd < 0 && filled == buffer.length) {
                    return false;
                }
            }
            String head = new String(buffer, 0, headerEnd, StandardCharsets.US_ASCII);
            int length = contentLength(head);
            if (length < 0) {
                return false;
            }
            int bodyRead = filled - (headerEnd + 4);
            while (bodyRead < length) {
                int n = in.read(buffer, 0, Math.min(buffer.length, length - bodyRead));
                if (n < 0) {
                    return false;
                }
                bodyRead += n;
            }
            return head.startsWith("HTTP/1.1 201");
        }

        private void closeQuietly() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a failed connection
                }
                socket = null;
            }
        }
    }

    private static int indexOfBlankLine(byte[] b, int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return -1;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
