package dev.eventbridge.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The Markdown table printed at the end of a run, and the number formats its cells use. */
public final class ResultTable {

    private final List<Row> rows = new ArrayList<>();

    public void add(Row row) {
        rows.add(row);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| metric | bridge | raw client | ratio (bridge/raw) | target | met? |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.metric()).append(" | ").append(r.bridge()).append(" | ").append(r.raw()).append(" | ")
                    .append(r.ratio()).append(" | ").append(r.target()).append(" | ").append(r.metLabel()).append(" |\n");
        }
        return b.toString();
    }

    /** Events per second, rounded, with thousands separators. */
    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f ev/s", perSecond);
    }

    public static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    /** Microseconds as milliseconds with two decimals. */
    public static String millis(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    public static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / (1024.0 * 1024.0));
    }
}
