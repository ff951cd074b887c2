package dev.eventbridge.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job ({@code bin/demo}) keeps working: run in a JVM of its own, it exits 0 having seen each event through each plugin. */
class DemoTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the demo publishes three events and reads each back from the broker through jms, amqp and mqtt")
    void demoSucceeds() throws Exception {
        Path out = dir.resolve("demo.out");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.eventbridge.demo.Demo")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the demo finished within 2 minutes");
        String output = Files.readString(out);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("DEMO OK"), output);
        for (String via : List.of("DEMO.JMS  via jms", "DEMO.AMQP via amqp", "demo/mqtt via mqtt")) {
            assertEquals(3, output.lines().filter(l -> l.contains(via)).count(), via + " in\n" + output);
        }
    }
}
