package dev.eventbridge.plugin.amqp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How the plugin turns a configured queue or topic name into an AMQP 1.0 address. Brokers differ:
 * ActiveMQ Artemis (and most others) take the name itself; RabbitMQ 3.x's AMQP 1.0 plugin takes a
 * bare name (and {@code /queue/NAME}) as "declare this queue", with the durability of the link's
 * terminus, which Qpid JMS sends as none, so the queue it makes does not survive a broker restart;
 * {@code /amq/queue/NAME} names an existing queue without declaring anything. RabbitMQ 4.x has its
 * v2 addresses, {@code /queues/NAME}, which never declare. A name that starts with {@code /} is an
 * address already and is used as it is, whatever the form.
 */
enum AddressForm {
    /** Chosen per broker from the product and version in the broker's AMQP open frame. */
    AUTO("auto"),
    /** The name itself. */
    NAME("name"),
    /** RabbitMQ 3.x: queues as {@code /amq/queue/NAME} (must exist), topics as {@code /topic/NAME} (amq.topic). */
    RABBITMQ_V1("rabbitmq-v1"),
    /** RabbitMQ 4.x: queues as {@code /queues/NAME} (must exist), topics as {@code /exchanges/amq.topic/NAME}. */
    RABBITMQ_V2("rabbitmq-v2");

    private final String option;

    AddressForm(String option) {
        this.option = option;
    }

    /** The value of the {@code address.form} option that selects this form. */
    String option() {
        return option;
    }

    /** The form an {@code address.form} value selects. */
    static AddressForm of(String option) {
        for (AddressForm form : values()) {
            if (form.option.equals(option)) {
                return form;
            }
        }
        throw new IllegalArgumentException("unknown address form " + option);
    }

    /** The form for the broker that says it is {@code product} {@code version}; {@link #NAME} for any other. */
    static AddressForm forBroker(String product, String version) {
        if (product == null || !product.toLowerCase(Locale.ROOT).contains("rabbitmq")) {
            return NAME;
        }
        int major;
        try {
            major = Integer.parseInt(String.valueOf(version).split("\\.")[0].trim());
        } catch (NumberFormatException e) {
            major = 4; // a RabbitMQ too new (or too odd) to say: the current form
        }
        return major < 4 ? RABBITMQ_V1 : RABBITMQ_V2;
    }

    /** The address of queue or topic {@code name}; never called on {@link #AUTO}. */
    String address(String name, boolean topic) {
        if (name.startsWith("/")) {
            return name;
        }
        return switch (this) {
            case AUTO -> throw new IllegalStateException("resolve auto to a broker's form first");
            case NAME -> name;
            // RabbitMQ 3.x splits v1 addresses at '/' and unescapes only %2F
            case RABBITMQ_V1 -> (topic ? "/topic/" : "/amq/queue/") + name.replace("/", "%2F");
            case RABBITMQ_V2 -> (topic ? "/exchanges/amq.topic/" : "/queues/") + percentEncode(name);
        };
    }

    /** Whether a queue address of this form names an existing queue that the broker does not check on attach. */
    boolean queueMustBeChecked() {
        return this == RABBITMQ_V1;
    }

    /** RFC 3986 percent-encoding of one path segment, as RabbitMQ's v2 addresses require. */
    static String percentEncode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
