package dev.eventbridge.it.support;

import dev.eventbridge.artemis.EmbeddedBroker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.activemq.artemis.api.core.Message;

/**
 * Every message the embedded broker routes to one address, in routing order, recorded at the
 * broker's after-route hook (the moment the broker accepts the send, before it answers the
 * sender): which bridge instance sent it, the event sequence, when the sender stamped it and when
 * the broker routed it.
 *
 * <p>The sender is told by the Artemis JMS client's own connection property {@code __AMQ_CID},
 * which the client puts on every message it sends: the connection's client id when one is set
 * (each instance's target sets {@code factory.clientID}), never anything the bridge or plugin
 * writes, so the attribution cannot be wrong about a bridge that misbehaves.
 */
public final class RoutedMessages {

    /** One routed message: sender's client id, event sequence, the sender's JMS timestamp (wall ms), broker route time (nanoTime). */
    public record Routed(String clientId, long sequence, long sentAtMillis, long routedAtNanos) {
    }

    private final String address;
    private final List<Routed> routed = new ArrayList<>();

    private RoutedMessages(String address) {
        this.address = address;
    }

    /** Records what {@code broker} (not started yet) routes to {@code address}. */
    public static RoutedMessages on(EmbeddedBroker broker, String address) {
        RoutedMessages r = new RoutedMessages(address);
        broker.onRouted(r::record);
        return r;
    }

    private void record(Message m) {
        if (!address.equals(m.getAddress())) {
            return;
        }
        long now = System.nanoTime();
        Object sequence = m.getObjectProperty("ce_sequence");
        Object cid = m.getObjectProperty("__AMQ_CID");
        synchronized (this) {
            routed.add(new Routed(Objects.toString(cid, "?"), sequence == null ? -1 : Long.parseLong(sequence.toString()),
                    m.getTimestamp(), now));
            notifyAll();
        }
    }

    /** A copy of everything routed so far, in routing order. */
    public synchronized List<Routed> all() {
        return new ArrayList<>(routed);
    }

    public synchronized int size() {
        return routed.size();
    }

    /** Messages routed from index {@code from} on that match {@code filter}. */
    public synchronized List<Routed> since(int from, Predicate<Routed> filter) {
        List<Routed> out = new ArrayList<>();
        for (int i = from; i < routed.size(); i++) {
            if (filter.test(routed.get(i))) {
                out.add(routed.get(i));
            }
        }
        return out;
    }

    /** The index of the first message routed from index {@code from} on sent by {@code clientId}, or -1. */
    public synchronized int indexOfFirstFrom(String clientId, int from) {
        for (int i = from; i < routed.size(); i++) {
            if (routed.get(i).clientId().equals(clientId)) {
                return i;
            }
        }
        return -1;
    }

    public synchronized Routed get(int index) {
        return routed.get(index);
    }

    /** How many messages from index {@code from} on {@code clientId} sent. */
    public synchronized int countFrom(String clientId, int from) {
        return since(from, r -> r.clientId().equals(clientId)).size();
    }

    /** The highest sequence {@code s} such that every sequence from 1 to {@code s} was routed before index {@code toIndex} (0 if none). */
    public synchronized long contiguousPrefix(int toIndex) {
        Set<Long> seen = new HashSet<>();
        routed.subList(0, toIndex).forEach(r -> seen.add(r.sequence()));
        long s = 0;
        while (seen.contains(s + 1)) {
            s++;
        }
        return s;
    }

    /** Whether every sequence from 1 to {@code last} has been routed. */
    public synchronized boolean hasAllUpTo(long last) {
        return missingUpTo(last).isEmpty();
    }

    /** The sequences from 1 to {@code last} not routed yet (at most 20 of them). */
    public synchronized List<Long> missingUpTo(long last) {
        Set<Long> seen = sequences();
        List<Long> missing = new ArrayList<>();
        for (long s = 1; s <= last && missing.size() < 20; s++) {
            if (!seen.contains(s)) {
                missing.add(s);
            }
        }
        return missing;
    }

    /** The first message carrying {@code sequence}, or null. */
    public synchronized Routed first(long sequence) {
        return routed.stream().filter(r -> r.sequence() == sequence).findFirst().orElse(null);
    }

    /** Distinct sequences routed so far. */
    public synchronized Set<Long> sequences() {
        Set<Long> out = new HashSet<>();
        routed.forEach(r -> out.add(r.sequence()));
        return out;
    }

    /** Messages whose sequence was routed before (redeliveries). */
    public synchronized int duplicates() {
        return routed.size() - sequences().size();
    }
}
