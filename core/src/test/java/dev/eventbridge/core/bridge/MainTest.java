package dev.eventbridge.core.bridge;

import static dev.eventbridge.core.plugin.FixtureJars.jar;
import static dev.eventbridge.core.plugin.FixtureJars.lib;
import static dev.eventbridge.core.plugin.FixtureJars.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbridge.core.plugin.FixtureJars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link Main} in a child JVM, as {@code bin/bridge} does, and checks what the user sees. */
class MainTest {

    @TempDir
    Path dir;

    /** What a child JVM left: its exit status and its stderr lines. */
    record Run(int status, List<String> stderr) {
        String text() {
            return String.join("\n", stderr);
        }

        /** Asserts the status, the one line ending the run, and no stack trace. */
        void failsWith(int expected, String line) {
            assertEquals(expected, status, text());
            assertTrue(stderr.contains(line), "expected the line\n" + line + "\nin\n" + text());
            assertFalse(stderr.stream().anyMatch(l -> l.startsWith("\tat ") || l.contains("Exception in thread")), text());
        }
    }

    private Path config(Path plugins, String... more) throws IOException {
        List<String> lines = new ArrayList<>(List.of("bridge.plugins.dir=" + plugins, "bridge.http.port=0",
                "bridge.data.dir=" + dir.resolve("data")));
        lines.addAll(List.of(more));
        return Files.writeString(dir.resolve("bridge.properties"), String.join("\n", lines).replace("\\", "\\\\"));
    }

    /** Runs Main with {@code args} and the test JVM's classpath, without any inherited EVENTBRIDGE_* variable. */
    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("EVENTBRIDGE_"));
        pb.environment().putAll(env);
        Process process = pb.start();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError("Main still running after 90 s: " + Files.readString(dir.resolve("stderr.txt")));
            }
        } finally {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), Files.readAllLines(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }

    private Path pluginJar(Path jar, String cls, String name, String initBody) throws IOException {
        String pkg = "fixture." + cls.toLowerCase();
        Path lib = jar(dir.resolve("libs").resolve(cls + "-lib.jar"), List.of(), null, lib("1"));
        jar(jar, List.of(lib), pkg + "." + cls + "\n", plugin(pkg, cls, name, initBody));
        Files.copy(lib, jar.resolveSibling("lib.jar"));
        return jar;
    }

    @Test
    @DisplayName("two plugins with one name: status 2, one line naming both folders")
    void duplicateName() throws Exception {
        Path plugins = dir.resolve("plugins");
        pluginJar(plugins.resolve("amqp/amqp.jar"), "A", "dup", "");
        pluginJar(plugins.resolve("jms/jms.jar"), "B", "dup", "");
        run(Map.of(), config(plugins).toString()).failsWith(2, plugins.resolve("amqp") + " and " + plugins.resolve("jms")
                + " both contain a plugin named 'dup' (" + plugins.resolve("amqp/amqp.jar") + ": fixture.a.A, "
                + plugins.resolve("jms/jms.jar") + ": fixture.b.B): remove one of them");
    }

    @Test
    @DisplayName("a plugin folder holding no plugin: status 2, one line naming it")
    void folderWithoutPlugin() throws Exception {
        Path plugins = dir.resolve("plugins");
        jar(plugins.resolve("foo/lib.jar"), List.of(), null, lib("1"));
        run(Map.of(), config(plugins).toString()).failsWith(2, plugins.resolve("foo")
                + " holds no plugin (no META-INF/services/dev.eventbridge.api.Plugin in its jars): remove it or add the plugin's jar");
    }

    @Test
    @DisplayName("a corrupt jar: status 2, one line naming the jar")
    void corruptJar() throws Exception {
        Path plugins = dir.resolve("plugins");
        pluginJar(plugins.resolve("jms/jms.jar"), "J", "j", "");
        FixtureJars.corrupt(plugins.resolve("jms/artemis-jakarta-client.jar"));
        Run run = run(Map.of(), config(plugins).toString());
        String jar = plugins.resolve("jms/artemis-jakarta-client.jar").toString();
        String line = run.stderr().stream().filter(l -> l.startsWith(jar + " is not a valid jar (")).findFirst().orElse("(none)");
        run.failsWith(2, line);
        assertTrue(line.endsWith("): replace it with a good copy or remove it"), line);
    }

    @Test
    @DisplayName("a plugin class that cannot be loaded (a library missing from its folder): status 2, one line naming folder and class")
    void pluginClassCannotBeLoaded() throws Exception {
        Path plugins = dir.resolve("plugins");
        Path lib = jar(dir.resolve("libs/lib.jar"), List.of(), null, lib("1"));
        jar(plugins.resolve("c/c.jar"), List.of(lib), "fixture.c.C\n",
                plugin("fixture.c", "C", "c", "").replace("public String name()", "public C() { fixture.Lib.version(); }\n public String name()"));
        run(Map.of(), config(plugins).toString()).failsWith(2, plugins.resolve("c") + ": plugin class fixture.c.C cannot be loaded"
                + " (Provider fixture.c.C could not be instantiated: java.lang.ClassNotFoundException: fixture.Lib): add the jars it needs to "
                + plugins.resolve("c") + " or remove " + plugins.resolve("c"));
    }

    @Test
    @DisplayName("a library missing from the plugin's folder when init needs it: status 2, one line naming folder and class")
    void libraryMissingAtInit() throws Exception {
        Path plugins = dir.resolve("plugins");
        Path lib = jar(dir.resolve("libs/lib.jar"), List.of(), null, lib("1"));
        jar(plugins.resolve("n/n.jar"), List.of(lib), "fixture.n.N\n", plugin("fixture.n", "N", "n", "fixture.Lib.version();"));
        run(Map.of(), config(plugins).toString()).failsWith(2, plugins.resolve("n") + ": plugin 'n' needs class fixture.Lib, which none of"
                + " the jars in " + plugins.resolve("n") + " holds: add the jar that holds it");
    }

    @Test
    @DisplayName("a ConfigException from a plugin's init: status 2, its one line, unwrapped")
    void configExceptionFromInit() throws Exception {
        Path plugins = dir.resolve("plugins");
        pluginJar(plugins.resolve("cfg/cfg.jar"), "Cfg", "cfg",
                "throw new dev.eventbridge.api.config.ConfigException(\"cfg.url\", \"the fixture\", \"must name a broker\");");
        run(Map.of(), config(plugins).toString())
                .failsWith(2, "Invalid configuration option 'cfg.url' in the fixture: must name a broker");
    }

    @Test
    @DisplayName("any other start-up failure: logged with its stack trace, status 1, even when the plugin left a non-daemon thread running")
    void otherFailureExitsWithStatusOne() throws Exception {
        Path plugins = dir.resolve("plugins");
        pluginJar(plugins.resolve("boom/boom.jar"), "Boom", "boom", """
                Thread t = new Thread(() -> { try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { } }, "stuck");
                t.setDaemon(false);
                t.start();
                throw new IllegalStateException("broker exploded");""");
        Run run = run(Map.of(), config(plugins).toString());
        assertEquals(1, run.status(), run.text());
        assertTrue(run.stderr().stream().anyMatch(l -> l.contains("ERROR") && l.contains("The bridge failed to start")), run.text());
        assertTrue(run.text().contains("plugin 'boom' failed to start: broker exploded"), run.text());
        assertTrue(run.stderr().stream().anyMatch(l -> l.startsWith("\tat ")), "with its stack trace: " + run.text());
    }

    @Test
    @DisplayName("bridge.log.format=json: every log line is one JSON object (logback's JsonEncoder), the start-up failure with level ERROR and its stack trace")
    void jsonLogLines() throws Exception {
        Path plugins = dir.resolve("plugins");
        pluginJar(plugins.resolve("boom/boom.jar"), "Boom", "boom", "throw new IllegalStateException(\"broker exploded\");");
        Run run = run(Map.of(), config(plugins, "bridge.log.format=json").toString());
        assertEquals(1, run.status(), run.text());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> lines = new ArrayList<>();
        for (String line : run.stderr()) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line)); // throws on a line that is not JSON
            }
        }
        assertTrue(lines.stream().anyMatch(l -> "INFO".equals(l.path("level").asText())
                && l.path("message").asText().startsWith("Plugin loaded")), run.text());
        assertTrue(lines.stream().anyMatch(l -> "ERROR".equals(l.path("level").asText())
                && l.path("message").asText().contains("The bridge failed to start") && l.has("throwable")), run.text());
    }

    @Test
    @DisplayName("EVENTBRIDGE_CONFIG names the file when there is no argument, and is not taken for a key")
    void configFromEnvironment() throws Exception {
        Path file = config(dir.resolve("no-plugins"), "bridge.dispatch.page.size=lots");
        Run run = run(Map.of("EVENTBRIDGE_CONFIG", file.toString(), "EVENTBRIDGE_HOME", dir.toString()));
        run.failsWith(2, "  - 'bridge.dispatch.page.size': 'lots' is not an integer");
        assertTrue(run.stderr().contains("Invalid configuration in " + file.toAbsolutePath() + ":"), run.text());
        assertFalse(run.text().contains("'config'") || run.text().contains("'home'"), run.text());
    }

    @Test
    @DisplayName("a failure after plugins started, with a plugin whose close never returns: status 1 promptly, the failure in one line")
    void failureAfterPluginsStartedStillExits() throws Exception {
        Path plugins = dir.resolve("plugins");
        String pkg = "fixture.hang";
        Path lib = jar(dir.resolve("libs").resolve("Hang-lib.jar"), List.of(), null, lib("1"));
        jar(plugins.resolve("hang/hang.jar"), List.of(lib), pkg + ".Hang\n", plugin(pkg, "Hang", "hang", "")
                .replace("public void close() { record(\"close\"); }",
                        "public void close() { try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { } }"));
        Files.copy(lib, plugins.resolve("hang/lib.jar"));
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path file = config(plugins, "bridge.shutdown.grace=1s");
            Files.writeString(file, Files.readString(file).replace("bridge.http.port=0", "bridge.http.port=" + taken.getLocalPort()));
            long start = System.nanoTime();
            Run run = run(Map.of(), file.toString());
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals(1, run.status(), run.text());
            assertTrue(seconds < 40, "exited after " + seconds + " s");
            assertTrue(run.stderr().stream().anyMatch(l -> l.contains("ERROR") && l.contains("The bridge failed to start: ")
                    && l.contains("Address already in use")), run.text());
        }
    }

    @Test
    @DisplayName("a store that cannot be reached: status 1 and one line naming the store, no stack trace")
    void unreachableStore() throws Exception {
        Path file = config(dir.resolve("no-plugins"), "bridge.store.url=jdbc:postgresql://127.0.0.1:1/eventbridge");
        Run run = run(Map.of(), file.toString());
        assertEquals(1, run.status(), run.text());
        assertTrue(run.stderr().stream().anyMatch(l -> l.contains("ERROR") && l.contains("The bridge failed to start: cannot open the store at"
                + " jdbc:postgresql://127.0.0.1:1/eventbridge")), run.text());
        assertFalse(run.stderr().stream().anyMatch(l -> l.startsWith("\tat ")), "no stack trace: " + run.text());
    }
}
