package dev.eventbridge.bench.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * RocksDB with group commit: one {@link WriteBatch} per group written with
 * {@code WriteOptions.setSync(true)} (the WAL is synced before the write returns). The events are
 * keyed by their sequence as a big-endian long (so keys sort as sequences, a read is one seek and
 * a scan); a second column family maps the event id to its sequence, as eb_events' UNIQUE id
 * does, written in the same batch. The value is a compact binary form of the row (every column).
 * Sequences in memory, like the lean SQL candidates. Default options otherwise.
 */
final class RocksDbCandidate implements Candidate {

    static {
        RocksDB.loadLibrary();
    }

    private final DBOptions options;
    private final ColumnFamilyOptions cfOptions;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final RocksDB db;
    private final ColumnFamilyHandle ids;
    private final WriteOptions sync;
    private final ReadOptions readOptions;
    private long seq;

    RocksDbCandidate(Path dir) throws RocksDBException {
        options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        cfOptions = new ColumnFamilyOptions();
        db = RocksDB.open(options, dir.toAbsolutePath().resolve("rocksdb").toString(),
                List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                        new ColumnFamilyDescriptor("ids".getBytes(StandardCharsets.UTF_8), cfOptions)),
                handles);
        ids = handles.get(1);
        sync = new WriteOptions().setSync(true);
        readOptions = new ReadOptions();
        try (RocksIterator it = db.newIterator()) {
            it.seekToLast();
            seq = it.isValid() ? ByteBuffer.wrap(it.key()).getLong() : 0;
        }
    }

    @Override
    public long append(List<Events.Event> group) throws RocksDBException {
        long s = seq;
        try (WriteBatch batch = new WriteBatch()) {
            for (Events.Event e : group) {
                byte[] key = key(++s);
                UUID id = e.event().id();
                batch.put(key, encode(e));
                batch.put(ids, ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array(), key);
            }
            db.write(sync, batch);
        }
        seq = s;
        return s;
    }

    @Override
    public long readAfter(long afterSequence, int limit) {
        long sum = 0;
        try (RocksIterator it = db.newIterator(readOptions)) {
            it.seek(key(afterSequence + 1));
            for (int n = 0; n < limit && it.isValid(); n++, it.next()) {
                sum += ByteBuffer.wrap(it.key()).getLong() + decode(it.value());
            }
        }
        return sum;
    }

    /** Writes the memtables to SST files (so reads do not come from the memtable only). */
    void flush() throws RocksDBException {
        try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
            db.flush(f, handles);
        }
    }

    @Override
    public void close() {
        readOptions.close();
        sync.close();
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        cfOptions.close();
        options.close();
    }

    private static byte[] key(long sequence) {
        return ByteBuffer.allocate(8).putLong(sequence).array();
    }

    private static byte[] encode(Events.Event e) {
        byte[][] strings = {utf8(e.event().namespace()), utf8(e.event().type()), utf8(e.event().topic()),
                utf8(e.event().reference()), utf8(e.event().cid() == null ? null : e.event().cid().toString()),
                utf8(e.event().traceparent()), utf8(e.event().tracestate())};
        int size = 16 + 8 + 4 + e.data().length;
        for (byte[] s : strings) {
            size += 4 + (s == null ? 0 : s.length);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putLong(e.event().id().getMostSignificantBits()).putLong(e.event().id().getLeastSignificantBits()).putLong(e.createdMicros());
        for (byte[] s : strings) {
            if (s == null) {
                b.putInt(-1);
            } else {
                b.putInt(s.length).put(s);
            }
        }
        b.putInt(e.data().length).put(e.data());
        return b.array();
    }

    /** Decodes every field, as the SQL candidates read every column; a checksum. */
    private static long decode(byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        UUID id = new UUID(b.getLong(), b.getLong());
        long sum = id.toString().length() + b.getLong();
        for (int i = 0; i < 7; i++) {
            int n = b.getInt();
            if (n >= 0) {
                sum += new String(value, b.position(), n, StandardCharsets.UTF_8).length();
                b.position(b.position() + n);
            }
        }
        byte[] data = new byte[b.getInt()];
        b.get(data);
        return sum + data.length;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
