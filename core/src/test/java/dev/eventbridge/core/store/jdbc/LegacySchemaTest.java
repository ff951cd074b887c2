package dev.eventbridge.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventbridge.api.event.DataArray;
import dev.eventbridge.core.store.NewEvent;
import dev.eventbridge.core.store.StoredEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory written by an earlier version (event data in a CLOB column, no schema history) keeps working. */
class LegacySchemaTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("a store whose event data column is a CLOB reads its old events and stores new data readably")
    void clobDataColumnStillWorks() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("legacy") + ";WRITE_DELAY=0";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE eb_log_head (id INT PRIMARY KEY, last_seq BIGINT NOT NULL)");
            s.execute("INSERT INTO eb_log_head (id, last_seq) VALUES (1, 1)");
            s.execute("CREATE TABLE eb_events (seq BIGINT PRIMARY KEY, id VARCHAR(36) NOT NULL UNIQUE,"
                    + " namespace VARCHAR(64) NOT NULL, type VARCHAR(256) NOT NULL, topic VARCHAR(256) NOT NULL,"
                    + " reference VARCHAR(1024), cid VARCHAR(36), created BIGINT NOT NULL, data CHARACTER LARGE OBJECT)");
            s.execute("INSERT INTO eb_events VALUES (1, '" + UUID.randomUUID() + "', 'default', 'old', '', NULL, NULL, 0,"
                    + " '[{\"json\":{\"old\":true}}]')");
        }
        JdbcEventStore store = new JdbcEventStore(url, "sa", "");
        try {
            String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            store.append(List.of(new NewEvent(UUID.randomUUID(), "default", "new", "", null, null, DataArray.ofJson("{\"new\":1}"),
                    traceparent, "k=v")));
            List<StoredEvent> events = store.readAfter(0, 10, true);
            assertEquals(2, events.size());
            assertEquals(null, events.get(0).event().traceparent(), "an event stored before V3 has no trace context");
            assertEquals(traceparent, events.get(1).event().traceparent());
            assertEquals("k=v", events.get(1).event().tracestate());
            assertEquals("[{\"old\":true}]", events.get(0).data().toJson());
            assertEquals("[{\"new\":1}]", events.get(1).data().toJson());
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT \"version\" FROM \"eb_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
                List<String> versions = new java.util.ArrayList<>();
                while (rs.next()) {
                    versions.add(rs.getString(1));
                }
                assertEquals(List.of("0", "1", "2", "3"), versions, "baselined at 0, then V1 created the tables it lacked, then V2 and V3");
            }
        } finally {
            store.close();
        }
    }
}
