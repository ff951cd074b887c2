package dev.eventbridge.bench.e2e;

/**
 * One line of the result table. {@code met} is null when the row has no target or could not be
 * judged (for example when it failed).
 */
public record Row(String metric, String bridge, String raw, String ratio, String target, Boolean met) {

    public static Row failed(String metric, String target, Throwable error) {
        String why = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return new Row(metric, "FAILED: " + why.replace('|', '/').replace('\n', ' '), "", "", target, Boolean.FALSE);
    }

    public String metLabel() {
        return met == null ? "—" : met ? "yes" : "**no**";
    }
}
