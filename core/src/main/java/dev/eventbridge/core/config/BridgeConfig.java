package dev.eventbridge.core.config;

import dev.eventbridge.api.config.ConfigOption;
import dev.eventbridge.api.config.ConfigSection;
import dev.eventbridge.api.config.OptionType;
import dev.eventbridge.api.config.OptionValues;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The bridge's configuration: the keys of one {@code .properties} file, overridden by environment
 * variables ({@code EVENTBRIDGE_HTTP_PORT} sets {@code bridge.http.port}... see {@link #load}), split
 * into one section per plugin (the key's first segment). Every key must belong to a declared option
 * and every value must parse; {@link #validate()} reports all problems at once.
 */
public final class BridgeConfig {

    /** Prefix of environment variables that override keys. */
    public static final String ENV_PREFIX = "EVENTBRIDGE_";

    /** Variables with {@link #ENV_PREFIX} that are not keys: the configuration file, and the launcher's own. */
    public static final Set<String> ENV_NOT_KEYS = Set.of("EVENTBRIDGE_CONFIG", "EVENTBRIDGE_HOME", "EVENTBRIDGE_OPTS");

    private final Map<String, String> values;
    private final String source;
    private final Map<String, PropertiesSection> sections = new LinkedHashMap<>();

    private BridgeConfig(Map<String, String> values, String source) {
        this.values = values;
        this.source = source;
    }

    /** Configuration from properties already in memory; {@code source} names them in messages. */
    public static BridgeConfig fromProperties(Properties properties, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : new TreeMap<>(toMap(properties)).keySet()) {
            values.put(key, properties.getProperty(key));
        }
        return new BridgeConfig(values, source);
    }

    /**
     * Reads {@code file} (or nothing when null: embedded defaults), then applies overrides from
     * {@code env}: a variable {@code EVENTBRIDGE_A_B_C} sets key {@code a.b.c} (the rest of the name
     * in lower case, every underscore a dot; other characters kept), replacing the file's value. So a
     * key with an upper-case letter or an underscore cannot be set this way. {@link #ENV_NOT_KEYS}
     * and {@code EVENTBRIDGE_} alone are not overrides.
     *
     * @throws dev.eventbridge.api.config.ConfigException if the file cannot be read
     */
    public static BridgeConfig load(Path file, Map<String, String> env) {
        Properties properties = new Properties();
        String source = file == null ? "the embedded defaults" : file.toAbsolutePath().toString();
        if (file != null) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new dev.eventbridge.api.config.ConfigException("(file)", source, "cannot be read: " + e.getMessage());
            }
        }
        List<String> overridden = new ArrayList<>();
        new TreeMap<>(env).forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length() && !ENV_NOT_KEYS.contains(name)) {
                String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                properties.setProperty(key, value);
                overridden.add(name);
            }
        });
        if (!overridden.isEmpty()) {
            source = source + " (with environment overrides " + String.join(", ", overridden) + ")";
        }
        return fromProperties(properties, source);
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return map;
    }

    /** Where the values come from, for messages. */
    public String source() {
        return source;
    }

    /** The section for keys starting with {@code prefix.}; created on first use. */
    public synchronized ConfigSection section(String prefix) {
        return sections.computeIfAbsent(prefix, p -> new PropertiesSection(this, p, false));
    }

    Collection<String> keys() {
        return values.keySet();
    }

    String raw(String key) {
        return values.get(key);
    }

    /**
     * Checks every key against the declared options: unknown keys, unknown sections, values that do
     * not parse or fail their check, and missing required options.
     *
     * @throws InvalidConfigException listing every problem, each naming the key and the source
     */
    public synchronized void validate() {
        List<InvalidConfigException.Problem> problems = new ArrayList<>();
        for (String key : values.keySet()) {
            int dot = key.indexOf('.');
            PropertiesSection root = dot > 0 ? sections.get(key.substring(0, dot)) : null;
            if (root == null) {
                problems.add(new InvalidConfigException.Problem(key, "unknown option: no plugin or section named '"
                        + (dot > 0 ? key.substring(0, dot) : key) + "' (known: " + String.join(", ", sections.keySet()) + ")"));
                continue;
            }
            checkKey(root, key, key.substring(dot + 1), problems);
        }
        for (PropertiesSection root : sections.values()) {
            checkRequired(root, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(source, problems);
        }
    }

    private void checkKey(PropertiesSection section, String key, String relative, List<InvalidConfigException.Problem> problems) {
        ConfigOption<?> option = section.optionFor(relative);
        if (option != null) {
            if (option.type() != OptionType.MAP) {
                checkValue(option, key, values.get(key), problems);
            }
            return;
        }
        for (Map.Entry<String, PropertiesSection> group : section.groups().entrySet()) {
            String start = group.getKey() + ".";
            if (relative.startsWith(start)) {
                String rest = relative.substring(start.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    checkKey(group.getValue(), key, rest.substring(dot + 1), problems);
                    return;
                }
            }
        }
        problems.add(new InvalidConfigException.Problem(key, "unknown option" + suggestion(section, relative)));
    }

    private static String suggestion(PropertiesSection section, String relative) {
        List<String> known = new ArrayList<>();
        section.options().forEach(o -> known.add(o.name()));
        section.groups().keySet().forEach(g -> known.add(g + ".<name>.*"));
        return known.isEmpty() ? "" : " (valid here: " + String.join(", ", known) + ")";
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void checkValue(ConfigOption option, String key, String text, List<InvalidConfigException.Problem> problems) {
        Object value;
        try {
            value = OptionValues.parse(option, text);
        } catch (IllegalArgumentException e) {
            problems.add(new InvalidConfigException.Problem(key, option.secret() ? "value cannot be parsed as " + option.type() : e.getMessage()));
            return;
        }
        if (option.check() != null && !option.check().test(value)) {
            String shown = option.secret() ? "(secret)"
                    : "'" + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + "'";
            problems.add(new InvalidConfigException.Problem(key, shown + " must be " + option.mustBe()));
        }
    }

    private void checkRequired(PropertiesSection section, List<InvalidConfigException.Problem> problems) {
        if (!section.entryNamesOrSelf().isEmpty()) {
            for (ConfigOption<?> option : section.options()) {
                if (option.required() && !section.isSet(option)) {
                    problems.add(new InvalidConfigException.Problem(section.prefix() + "." + option.name(),
                            "is required: " + option.doc()));
                }
            }
        }
        for (PropertiesSection group : section.groups().values()) {
            for (String name : group.entryNames()) {
                checkRequired((PropertiesSection) group.entry(name), problems);
            }
        }
    }
}
