package dev.eventbridge.core.config;

import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.api.config.OptionType;
import dev.eventbridge.api.config.OptionValues;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ConfigSection} over the bridge's merged properties. A root section belongs to one plugin
 * (or the bridge); a group section is the template its entries share; an entry section reads the
 * group's options under its own prefix.
 */
final class PropertiesSection implements ConfigSection {

    private final BridgeConfig config;
    private final String prefix;
    /** Declared options; an entry shares its group's map. */
    private final Map<String, ConfigOption<?>> options;
    private final Map<String, PropertiesSection> groups;
    private final boolean group;

    PropertiesSection(BridgeConfig config, String prefix, boolean group) {
        this(config, prefix, group, new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    private PropertiesSection(BridgeConfig config, String prefix, boolean group, Map<String, ConfigOption<?>> options,
                              Map<String, PropertiesSection> groups) {
        this.config = config;
        this.prefix = prefix;
        this.group = group;
        this.options = options;
        this.groups = groups;
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public String source() {
        return config.source();
    }

    @Override
    public synchronized <T> ConfigOption<T> declare(ConfigOption<T> option) {
        ConfigOption<?> previous = options.putIfAbsent(option.name(), option);
        if (previous != null && !previous.equals(option)) {
            throw new IllegalStateException("option '" + prefix + "." + option.name() + "' is declared twice, differently");
        }
        return option;
    }

    @Override
    public synchronized ConfigSection group(String name) {
        return groups.computeIfAbsent(name, n -> new PropertiesSection(config, prefix + "." + n, true));
    }

    @Override
    public Set<String> entryNames() {
        if (!group) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        String start = prefix + ".";
        for (String key : config.keys()) {
            if (key.startsWith(start)) {
                String rest = key.substring(start.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    names.add(rest.substring(0, dot));
                }
            }
        }
        return names;
    }

    @Override
    public ConfigSection entry(String name) {
        if (!group) {
            throw new IllegalStateException(prefix + " is not a group");
        }
        return new PropertiesSection(config, prefix + "." + name, false, options, groups);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigOption<T> option) {
        if (!options.containsKey(option.name())) {
            throw new IllegalStateException("option '" + prefix + "." + option.name() + "' was not declared");
        }
        String key = prefix + "." + option.name();
        if (option.type() == OptionType.MAP) {
            Map<String, String> values = new LinkedHashMap<>();
            String start = key + ".";
            for (String k : config.keys()) {
                if (k.startsWith(start)) {
                    values.put(k.substring(start.length()), config.raw(k));
                }
            }
            return (T) Map.copyOf(values);
        }
        String raw = config.raw(key);
        if (raw == null) {
            return option.defaultValue();
        }
        return (T) OptionValues.parse(option, raw);
    }

    @Override
    public boolean isSet(ConfigOption<?> option) {
        String key = prefix + "." + option.name();
        if (option.type() == OptionType.MAP) {
            return config.keys().stream().anyMatch(k -> k.startsWith(key + "."));
        }
        return config.raw(key) != null;
    }

    /** A plain section stands for itself; a group template holds no values of its own. */
    Set<String> entryNamesOrSelf() {
        return group ? Set.of() : Set.of(prefix);
    }

    Collection<ConfigOption<?>> options() {
        return options.values();
    }

    Map<String, PropertiesSection> groups() {
        return groups;
    }

    /** The declared option a key (relative to this section) names, or null; MAP options own their sub-keys. */
    ConfigOption<?> optionFor(String relativeKey) {
        ConfigOption<?> exact = options.get(relativeKey);
        if (exact != null) {
            return exact;
        }
        for (ConfigOption<?> option : options.values()) {
            if (option.type() == OptionType.MAP && relativeKey.startsWith(option.name() + ".")) {
                return option;
            }
        }
        return null;
    }
}
