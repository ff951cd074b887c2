package dev.eventbridge.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory for one row (broker journal, bridge store), deleted on close. */
public final class Workspace implements AutoCloseable {

    private final Path root;

    public Workspace(String name) {
        try {
            this.root = Files.createTempDirectory("eventbridge-bench-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir(String name) {
        return root.resolve(name);
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
