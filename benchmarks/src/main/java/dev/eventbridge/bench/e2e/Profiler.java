package dev.eventbridge.bench.e2e;

import java.nio.file.Path;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * With {@code --jfr}, a Java Flight Recorder recording (the JDK's "profile" settings) of one bridge
 * phase, written to {@code ./benchmark-<label>.jfr}; without it, nothing. The broker and the load
 * driver share the JVM, so look at the bridge's threads and packages ({@code dev.eventbridge},
 * H2, Qpid/Artemis client, the JDK HTTP server) in it.
 */
public final class Profiler implements AutoCloseable {

    private final Recording recording;
    private final Path file;

    private Profiler(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    public static Profiler start(boolean enabled, String label) throws Exception {
        if (!enabled) {
            return new Profiler(null, null);
        }
        Recording r = new Recording(Configuration.getConfiguration("profile"));
        r.setName(label);
        r.start();
        return new Profiler(r, Path.of("benchmark-" + label + ".jfr").toAbsolutePath());
    }

    @Override
    public void close() throws Exception {
        if (recording != null) {
            recording.stop();
            recording.dump(file);
            recording.close();
            System.err.println("JFR recording of " + recording.getName() + " written to " + file);
        }
    }
}
