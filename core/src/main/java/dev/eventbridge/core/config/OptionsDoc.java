package dev.eventbridge.core.config;

import dev.eventbridge.api.Plugin;
import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.core.bridge.BridgeOptions;
import dev.eventbridge.core.plugin.PluginLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Renders the declared options as Markdown tables, one per section: the README's option tables come
 * from here ({@code java -cp ... dev.eventbridge.core.config.OptionsDoc} prints them), and a test
 * checks the README against it.
 */
public final class OptionsDoc {

    private OptionsDoc() {
    }

    /** The table of one section (bridge or plugin), after its options were declared. */
    public static String table(BridgeConfig config, String prefix) {
        PropertiesSection root = (PropertiesSection) config.section(prefix);
        StringBuilder out = new StringBuilder("| key | type | default | description |\n|---|---|---|---|\n");
        rows(root, prefix, out);
        return out.toString();
    }

    private static void rows(PropertiesSection section, String keyPrefix, StringBuilder out) {
        for (ConfigOption<?> o : section.options()) {
            String key = keyPrefix + "." + o.name() + (o.type() == dev.eventbridge.api.config.OptionType.MAP ? ".<key>" : "");
            out.append("| `").append(key).append("` | ").append(o.type()).append(" | ")
                    .append(o.defaultValue() == null || o.type() == dev.eventbridge.api.config.OptionType.MAP ? (o.required() ? "(required)" : "")
                            : "`" + show(o.defaultValue()) + "`")
                    .append(" | ").append(o.doc().replace("|", "\\|"))
                    .append(o.mustBe() != null ? " Must be " + o.mustBe() + "." : "").append(" |\n");
        }
        section.groups().forEach((name, group) -> rows(group, keyPrefix + "." + name + ".<name>", out));
    }

    /**
     * Every option declared in the section {@code prefix}, by key: group entries appear as
     * {@code <name>} ({@code jms.targets.<name>.url}), map options as {@code <key>}.
     */
    public static Map<String, ConfigOption<?>> declared(BridgeConfig config, String prefix) {
        Map<String, ConfigOption<?>> out = new LinkedHashMap<>();
        declared((PropertiesSection) config.section(prefix), prefix, out);
        return out;
    }

    private static void declared(PropertiesSection section, String keyPrefix, Map<String, ConfigOption<?>> out) {
        for (ConfigOption<?> o : section.options()) {
            out.put(keyPrefix + "." + o.name() + (o.type() == dev.eventbridge.api.config.OptionType.MAP ? ".<key>" : ""), o);
        }
        section.groups().forEach((name, group) -> declared(group, keyPrefix + "." + name + ".<name>", out));
    }

    static String show(Object value) {
        if (value instanceof java.time.Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
        }
        if (value instanceof List<?> l) {
            return l.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    /** Every table: the bridge's, then each plugin's found on the classpath, as Markdown sections. */
    public static String all(List<Plugin> plugins) {
        BridgeConfig config = BridgeConfig.fromProperties(new Properties(), "docs");
        BridgeOptions.declare(config.section(BridgeOptions.PREFIX));
        StringBuilder out = new StringBuilder("### bridge\n\n").append(table(config, BridgeOptions.PREFIX));
        for (Plugin p : plugins) {
            p.initConfig(config.section(p.name()));
            out.append("\n### ").append(p.name()).append("\n\n").append(table(config, p.name()));
        }
        return out.toString();
    }

    public static void main(String[] args) {
        System.out.print(all(PluginLoader.load(OptionsDoc.class.getClassLoader(), args.length > 0 ? Path.of(args[0]) : null)));
    }
}
