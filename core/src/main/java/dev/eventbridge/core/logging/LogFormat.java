package dev.eventbridge.core.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Switches the bridge's console log to one JSON object per line, written by logback's own
 * {@link JsonEncoder} (timestamp, level, thread, logger, message, arguments, MDC, exception), for log
 * shippers that parse JSON. Text, the default, is what {@code logback.xml} says.
 */
public final class LogFormat {

    /** The formats {@code bridge.log.format} accepts. */
    public static final String TEXT = "text";
    public static final String JSON = "json";

    private LogFormat() {
    }

    /**
     * Applies {@code format} to every console (output stream) appender of the root logger. Does
     * nothing for text, or when logback is not the SLF4J backend (an application embedding the core
     * with its own logging).
     */
    public static void apply(String format) {
        if (!JSON.equals(format)) {
            return;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            appenders.add(it.next());
        }
        for (Appender<ILoggingEvent> appender : appenders) {
            if (appender instanceof OutputStreamAppender<ILoggingEvent> out) {
                JsonEncoder encoder = new JsonEncoder();
                encoder.setContext(context);
                encoder.start();
                out.stop();
                out.setEncoder(encoder);
                out.start();
            }
        }
    }
}
