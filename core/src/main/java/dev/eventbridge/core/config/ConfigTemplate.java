package dev.eventbridge.core.config;

import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.OptionType;
import dev.eventbridge.core.bridge.BridgeOptions;
import dev.eventbridge.core.plugin.LoadedPlugin;
import dev.eventbridge.core.plugin.PluginLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Renders every declared option (the bridge's, then each plugin's) as a {@code .properties} file in
 * which every key is commented out, showing its default, with its description as comment lines
 * above it: the distribution's {@code config/bridge.properties}. Like {@link OptionsDoc}'s tables,
 * it comes from the declarations, so it lists exactly the options the bridge accepts. Group entries
 * are written with {@code <name>} ({@code jms.targets.<name>.url}), map options with {@code <key>}.
 *
 * <p>{@code java -cp ... dev.eventbridge.core.config.ConfigTemplate [output-file]} writes it for the
 * plugins on the classpath (to standard output without a file).
 */
public final class ConfigTemplate {

    private static final int WIDTH = 100;

    private static final String HEADER = """
            # Event Bridge configuration: every option of the bridge and of each plugin, with its default
            # and what it does. Generated from the options they declare; every key is commented out, so
            # this file as it is runs the bridge on its defaults (no targets). Uncomment a key to set it.
            # Unknown keys and bad values fail start-up, each named with this file.
            #
            # <name> stands for a name you choose, one per target or subscription: jms.targets.orders.url,
            # bridge.subscriptions.orders-out.transport. <key> stands for a key of your own in a map option:
            # jms.targets.orders.factory.clientID.
            #
            # Any key can be overridden by an environment variable: EVENTBRIDGE_ + the key in upper case
            # with dots as underscores (EVENTBRIDGE_BRIDGE_HTTP_PORT=9090).
            #
            # Relative paths (bridge.data.dir, bridge.plugins.dir, key and trust stores) resolve against
            # the working directory; bin/bridge runs the bridge in its installation folder, so there they
            # resolve inside it (data/, plugins/).
            """;

    private ConfigTemplate() {
    }

    /** The whole file: the header, then one section for the bridge and one per plugin, in the given order. */
    public static String render(List<Plugin> plugins) {
        BridgeConfig config = BridgeConfig.fromProperties(new Properties(), "template");
        BridgeOptions.declare(config.section(BridgeOptions.PREFIX));
        StringBuilder out = new StringBuilder(HEADER);
        section(config, BridgeOptions.PREFIX, "the bridge itself", out);
        for (Plugin p : plugins) {
            p.initConfig(config.section(p.name()));
            section(config, p.name(), "plugin " + p.name() + " (" + implementation(p).getName() + ")", out);
        }
        return out.toString();
    }

    private static void section(BridgeConfig config, String prefix, String title, StringBuilder out) {
        String banner = "#### " + prefix + ": " + title + " ";
        out.append('\n').append(banner).append("#".repeat(Math.max(4, WIDTH - banner.length()))).append('\n');
        options((PropertiesSection) config.section(prefix), prefix, out);
    }

    private static void options(PropertiesSection section, String keyPrefix, StringBuilder out) {
        for (ConfigOption<?> o : section.options()) {
            boolean map = o.type() == OptionType.MAP;
            String key = keyPrefix + "." + o.name() + (map ? ".<key>" : "");
            out.append('\n');
            comment(o.doc() + (o.mustBe() != null ? " Must be " + o.mustBe() + "." : ""), out);
            String value = map || o.defaultValue() == null ? "" : OptionsDoc.show(o.defaultValue());
            out.append("# Type: ").append(o.type()).append(". ")
                    .append(map ? "Any number of keys " + key + ", none by default."
                            : o.required() ? "Required." : value.isEmpty() ? "No default." : "Default: " + value)
                    .append('\n');
            out.append('#').append(key).append('=').append(escape(value)).append('\n');
        }
        section.groups().forEach((name, group) -> {
            String groupPrefix = keyPrefix + "." + name + ".<name>";
            out.append("\n# ---- ").append(groupPrefix).append(".* ----\n");
            String example = group.options().stream().findFirst().map(o -> "." + o.name()).orElse(".*");
            comment("These keys once per <name>, for example " + keyPrefix + "." + name + ".orders" + example + ".", out);
            options(group, groupPrefix, out);
        });
    }

    /** The plugin's own class, not the loader's wrapper around it. */
    private static Class<?> implementation(Plugin p) {
        return p instanceof LoadedPlugin loaded ? loaded.delegate().getClass() : p.getClass();
    }

    /** {@code text} as comment lines of at most {@link #WIDTH} characters, broken between words. */
    private static void comment(String text, StringBuilder out) {
        StringBuilder line = new StringBuilder("#");
        for (String word : text.trim().split("\\s+")) {
            if (line.length() > 1 && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder("#");
            }
            line.append(' ').append(word);
        }
        out.append(line).append('\n');
    }

    /** A value as {@link Properties#load} reads it back: backslashes doubled, leading blanks kept. */
    private static String escape(String value) {
        String escaped = value.replace("\\", "\\\\");
        return escaped.startsWith(" ") ? "\\" + escaped : escaped;
    }

    public static void main(String[] args) throws IOException {
        String text = render(PluginLoader.load(ConfigTemplate.class.getClassLoader(), null));
        if (args.length == 0) {
            System.out.print(text);
            return;
        }
        Path file = Path.of(args[0]);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
