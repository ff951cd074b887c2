package dev.eventbridge.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.core.store.NewEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An append to the embedded H2 store returns only once its data was forced to the disk device. */
class DurableAppendTest {

    @Test
    @DisplayName("each append on embedded H2 forces the file (fsync) before it returns, so a 201 survives a power cut, not only a process crash")
    void appendForcesTheFile(@TempDir Path dir) {
        QuotaFilePath.register();
        QuotaFilePath.setFree(Long.MAX_VALUE);
        String url = "jdbc:h2:" + QuotaFilePath.SCHEME + ":" + dir.resolve("eventbridge") + ";WRITE_DELAY=0";
        try (JdbcEventStore store = new JdbcEventStore(url, "sa", "")) {
            for (int i = 0; i < 10; i++) {
                long before = QuotaFilePath.forces();
                store.append(List.of(new NewEvent(UUID.randomUUID(), "default", "t", "", null, null, DataArray.ofJson("{\"i\":" + i + "}"))));
                assertTrue(QuotaFilePath.forces() > before, "append " + i + " returned without forcing the file");
            }
            assertEquals(10, store.lastSequence());
        }
    }
}
