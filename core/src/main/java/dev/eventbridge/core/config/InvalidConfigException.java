package dev.eventbridge.core.config;

import dev.eventbridge.api.config.ConfigException;
import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in a configuration, each naming its key; the message lists them all with the source. */
public final class InvalidConfigException extends ConfigException {

    private static final long serialVersionUID = 1L;

    /** One bad key and what is wrong with it (never the value of a secret). */
    public record Problem(String key, String reason) {
    }

    private final transient List<Problem> problems;
    private final String source;

    InvalidConfigException(String source, List<Problem> problems) {
        super(problems.get(0).key(), source, problems.get(0).reason());
        this.problems = List.copyOf(problems);
        this.source = source;
    }

    public List<Problem> problems() {
        return problems;
    }

    @Override
    public String getMessage() {
        return "Invalid configuration in " + source + ":" + problems.stream()
                .map(p -> "\n  - '" + p.key() + "': " + p.reason())
                .collect(Collectors.joining());
    }
}
