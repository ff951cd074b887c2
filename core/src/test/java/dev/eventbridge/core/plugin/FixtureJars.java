package dev.eventbridge.core.plugin;

import dev.eventbridge.api.Plugin;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds plugin and library jars at test time: compiles small sources against the API with
 * {@link JavaCompiler} and writes them, with an optional plugin service file, into a jar.
 */
public final class FixtureJars {

    private static final Pattern PACKAGE = Pattern.compile("package\\s+([\\w.]+)\\s*;");
    private static final Pattern CLASS = Pattern.compile("(?:class|interface|record)\\s+(\\w+)");

    private FixtureJars() {
    }

    /**
     * Compiles {@code sources} (against the API and {@code classpath}) into {@code jar}.
     *
     * @param services the content of {@code META-INF/services/dev.eventbridge.api.Plugin}; null for none
     */
    public static Path jar(Path jar, List<Path> classpath, String services, String... sources) throws IOException {
        Path work = Files.createTempDirectory("eventbridge-fixture");
        try {
            write(jar, work.resolve("src"), work.resolve("classes"), classpath, services, sources);
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        return jar;
    }

    private static void write(Path jar, Path src, Path classes, List<Path> classpath, String services, String... sources)
            throws IOException {
        List<String> files = new ArrayList<>();
        for (String source : sources) {
            Matcher p = PACKAGE.matcher(source);
            Matcher c = CLASS.matcher(source);
            if (!p.find() || !c.find()) {
                throw new IllegalArgumentException("no package or class in " + source);
            }
            Path file = src.resolve(p.group(1).replace('.', '/')).resolve(c.group(1) + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            files.add(file.toString());
        }
        List<String> cp = new ArrayList<>(List.of(apiLocation().toString()));
        classpath.forEach(x -> cp.add(x.toString()));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", String.join(File.pathSeparator, cp),
                "--release", "17", "-nowarn"));
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        if (javac.run(null, err, err, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("fixture does not compile: " + err.toString(StandardCharsets.UTF_8));
        }
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> walk = Files.walk(classes)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            if (services != null) {
                out.putNextEntry(new JarEntry("META-INF/services/" + Plugin.class.getName()));
                out.write(services.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }

    /** A library class {@code fixture.Lib} whose {@code version()} returns {@code version}. */
    public static String lib(String version) {
        return "package fixture; public final class Lib { public static String version() { return \"" + version + "\"; } }";
    }

    /**
     * A plugin named {@code name} that records, for each call, the thread's context class loader
     * ({@code <call>.tccl}) and what {@code fixture.Lib} resolves to through it ({@code <call>.tccl.lib}),
     * readable as a {@code Supplier<Map<String, Object>>} (a JDK type, shared across loaders). Its
     * {@code health()} reports the {@code fixture.Lib} version it sees; {@code init} runs {@code initBody}.
     */
    public static String plugin(String pkg, String cls, String name, String initBody) {
        return """
                package %1$s;
                import dev.eventbridge.api.*;
                import dev.eventbridge.api.config.*;
                import dev.eventbridge.api.event.*;
                import dev.eventbridge.api.subscription.*;
                import java.util.Map;
                public class %2$s implements Plugin, java.util.function.Supplier<Map<String, Object>> {
                    private final Map<String, Object> seen = new java.util.concurrent.ConcurrentHashMap<>();
                    public Map<String, Object> get() { return seen; }
                    private void record(String call) {
                        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
                        seen.put(call + ".tccl", tccl);
                        try {
                            seen.put(call + ".tccl.lib", Class.forName("fixture.Lib", false, tccl));
                        } catch (ClassNotFoundException e) {
                            seen.put(call + ".tccl.lib", e.toString());
                        }
                    }
                    public String name() { record("name"); return "%3$s"; }
                    public void initConfig(ConfigSection section) { record("initConfig"); }
                    public void init(ConfigSection section, Callbacks callbacks) throws Exception { record("init"); %4$s }
                    public Capabilities capabilities() { record("capabilities"); return new Capabilities(false); }
                    public SubscriptionOptions validateOptions(SubscriptionOptions o) { record("validateOptions"); return o; }
                    public void deliveryRequest(String c, Subscription s, EventDelivery d, DataArray data) { record("deliveryRequest"); }
                    public Map<String, ConnectionHealth> health() {
                        record("health");
                        return Map.of("lib", new ConnectionHealth(true, "lib " + fixture.Lib.version()));
                    }
                    public void close() { record("close"); }
                }
                """.formatted(pkg, cls, name, initBody);
    }

    /** The API's classes (a directory in the reactor build, else its jar). */
    public static Path apiLocation() {
        try {
            return Path.of(Plugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes text that is not a jar where a jar is expected. */
    public static Path corrupt(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar)) {
            out.write("this is not a zip file\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }
}
