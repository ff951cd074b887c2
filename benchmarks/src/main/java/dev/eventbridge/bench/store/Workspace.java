package dev.eventbridge.bench.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Fresh directories for the candidates, all under one base on the same disk ($STORE_BENCH_DIR, else java.io.tmpdir). */
final class Workspace {

    private Workspace() {
    }

    static Path base() {
        String env = System.getenv("STORE_BENCH_DIR");
        return Path.of(env != null && !env.isBlank() ? env : System.getProperty("java.io.tmpdir"));
    }

    static Path fresh(String store) throws IOException {
        Path base = base();
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "eventbridge-store-" + store + "-");
    }

    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
