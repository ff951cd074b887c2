package dev.eventbridge.tck;

import dev.eventbridge.api.config.ConfigException;
import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.api.config.OptionType;
import dev.eventbridge.api.config.OptionValues;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A plugin's configuration section over a map of properties, as the core hands it to
 * {@code initConfig} and {@code init}, so that a plugin's tests need no core. Values are parsed with
 * {@link OptionValues} and checked against their option's check when read; a failing value throws
 * the {@link ConfigException} the core would report, and {@link #validate()} checks the whole
 * section (unknown keys, bad values, missing required options) as the core does before init.
 */
public final class KitConfig implements ConfigSection {

    /** The source named in errors. */
    public static final String SOURCE = "kit.properties";

    private final Map<String, String> values;
    private final String source;
    private final String prefix;
    private final boolean group;
    private final Map<String, ConfigOption<?>> options;
    private final Map<String, KitConfig> groups;

    private KitConfig(Map<String, String> values, String source, String prefix, boolean group,
                      Map<String, ConfigOption<?>> options, Map<String, KitConfig> groups) {
        this.values = values;
        this.source = source;
        this.prefix = prefix;
        this.group = group;
        this.options = options;
        this.groups = groups;
    }

    /** The section {@code plugin} of {@code properties} (full keys, such as {@code jms.targets.orders.url}). */
    public static KitConfig section(String plugin, Map<String, String> properties) {
        return section(plugin, properties, SOURCE);
    }

    /** The section {@code plugin} of {@code properties}, naming {@code source} in errors. */
    public static KitConfig section(String plugin, Map<?, ?> properties, String source) {
        Map<String, String> copy = new LinkedHashMap<>();
        properties.forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
        return new KitConfig(Map.copyOf(copy), source, plugin, false, new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    /**
     * Checks every key of this section after {@code initConfig}, as the core does before {@code init}.
     *
     * @throws ConfigException for the first unknown key, bad value or missing required option
     */
    public void validate() {
        for (String key : values.keySet().stream().sorted().toList()) {
            if (key.startsWith(prefix + ".") && option(this, key.substring(prefix.length() + 1)) == null) {
                throw new ConfigException(key, source, "unknown option");
            }
        }
        options.values().forEach(this::get);
        for (KitConfig g : groups.values()) {
            for (String name : g.entryNames()) {
                ConfigSection entry = g.entry(name);
                g.options.values().forEach(entry::get);
            }
        }
    }

    private static ConfigOption<?> option(KitConfig section, String relative) {
        for (ConfigOption<?> o : section.options.values()) {
            if (o.name().equals(relative) || (o.type() == OptionType.MAP && relative.startsWith(o.name() + "."))) {
                return o;
            }
        }
        for (Map.Entry<String, KitConfig> g : section.groups.entrySet()) {
            String start = g.getKey() + ".";
            int dot = relative.indexOf('.', start.length());
            if (relative.startsWith(start) && dot > 0) {
                ConfigOption<?> found = option(g.getValue(), relative.substring(dot + 1));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public synchronized <T> ConfigOption<T> declare(ConfigOption<T> option) {
        options.putIfAbsent(option.name(), option);
        return option;
    }

    @Override
    public synchronized ConfigSection group(String name) {
        return groups.computeIfAbsent(name, n -> new KitConfig(values, source, prefix + "." + n, true, new LinkedHashMap<>(),
                new LinkedHashMap<>()));
    }

    @Override
    public Set<String> entryNames() {
        Set<String> names = new LinkedHashSet<>();
        if (group) {
            String start = prefix + ".";
            values.keySet().stream().filter(k -> k.startsWith(start)).sorted().forEach(k -> {
                String rest = k.substring(start.length());
                if (rest.indexOf('.') > 0) {
                    names.add(rest.substring(0, rest.indexOf('.')));
                }
            });
        }
        return names;
    }

    @Override
    public ConfigSection entry(String name) {
        if (!group) {
            throw new IllegalStateException(prefix + " is not a group");
        }
        return new KitConfig(values, source, prefix + "." + name, false, options, groups);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigOption<T> option) {
        if (!options.containsKey(option.name())) {
            throw new IllegalStateException("option '" + prefix + "." + option.name() + "' was not declared");
        }
        String key = prefix + "." + option.name();
        if (option.type() == OptionType.MAP) {
            Map<String, String> map = new LinkedHashMap<>();
            values.forEach((k, v) -> {
                if (k.startsWith(key + ".")) {
                    map.put(k.substring(key.length() + 1), v);
                }
            });
            return (T) Map.copyOf(map);
        }
        String raw = values.get(key);
        if (raw == null) {
            if (option.required()) {
                throw new ConfigException(key, source, "is required: " + option.doc());
            }
            return option.defaultValue();
        }
        T value;
        try {
            value = (T) OptionValues.parse(option, raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, source, e.getMessage());
        }
        if (option.check() != null && !option.check().test(value)) {
            throw new ConfigException(key, source, "must be " + option.mustBe());
        }
        return value;
    }

    @Override
    public boolean isSet(ConfigOption<?> option) {
        String key = prefix + "." + option.name();
        return values.containsKey(key) || values.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
    }
}
