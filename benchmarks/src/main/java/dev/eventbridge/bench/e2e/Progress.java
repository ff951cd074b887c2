package dev.eventbridge.bench.e2e;

import java.time.Duration;

/** Progress lines on stderr, so that stdout holds the machine line and the table only. */
public final class Progress {

    private static final long START = System.nanoTime();

    private Progress() {
    }

    public static void say(String format, Object... args) {
        Duration d = Duration.ofNanos(System.nanoTime() - START);
        System.err.printf("[%3d:%02d] %s%n", d.toMinutes(), d.toSecondsPart(), String.format(format, args));
    }
}
