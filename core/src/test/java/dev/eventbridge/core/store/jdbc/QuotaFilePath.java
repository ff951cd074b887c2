package dev.eventbridge.core.store.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.CountDownLatch;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code jdbc:h2:quota:/path/db}) on the default disk one, with a shared budget
 * of free bytes, as a filling disk has: a write that grows a file takes from the budget; once it is
 * spent, the write is cut short where the budget ends and the next one fails with
 * {@code IOException("No space left on device")}, as ENOSPC does. Overwriting allocated bytes still
 * works; truncating or deleting a file gives its bytes back. {@link #setFree} makes room again;
 * {@link #holdWrites} stops writes midway. The state is static: one test at a time uses it.
 */
public final class QuotaFilePath extends FilePathWrapper {

    /** The URL prefix: {@code jdbc:h2:quota:<path>}. */
    public static final String SCHEME = "quota";
    private static final Object LOCK = new Object();
    private static long free = Long.MAX_VALUE;
    private static long refusedWrites;
    private static final java.util.concurrent.atomic.AtomicLong FORCES = new java.util.concurrent.atomic.AtomicLong();
    private static volatile CountDownLatch gate;
    private static volatile CountDownLatch holding;

    /** Registers the scheme with H2 (idempotent). */
    public static void register() {
        FilePath.register(new QuotaFilePath());
    }

    /** Sets the bytes that files may still grow by, in total; {@code Long.MAX_VALUE} for no limit. */
    public static void setFree(long bytes) {
        synchronized (LOCK) {
            free = bytes;
        }
    }

    /** Calls to force a file to the disk device (fsync) since the start. */
    public static long forces() {
        return FORCES.get();
    }

    /** Writes refused for want of space since the start. */
    public static long refusedWrites() {
        synchronized (LOCK) {
            return refusedWrites;
        }
    }

    /**
     * Makes writes wait until {@link #releaseWrites()} (before they take space).
     *
     * @return a latch that opens once a write waits
     */
    public static CountDownLatch holdWrites() {
        holding = new CountDownLatch(1);
        gate = new CountDownLatch(1);
        return holding;
    }

    /** Lets held writes go on, with the free space as it is then. */
    public static void releaseWrites() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    private static void passGate() throws IOException {
        CountDownLatch g = gate;
        if (g != null) {
            holding.countDown();
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            }
        }
    }

    /** How many of {@code wanted} new bytes may be allocated now; takes them from the budget. */
    private static long allocate(long wanted) throws IOException {
        synchronized (LOCK) {
            if (wanted <= 0 || free == Long.MAX_VALUE) {
                return Math.max(0, wanted);
            }
            if (free == 0) {
                refusedWrites++;
                throw new IOException("No space left on device");
            }
            long granted = Math.min(wanted, free);
            free -= granted;
            return granted;
        }
    }

    private static void release(long bytes) {
        synchronized (LOCK) {
            if (bytes > 0 && free != Long.MAX_VALUE) {
                free += bytes;
            }
        }
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new QuotaChannel(super.open(mode));
    }

    @Override
    public void delete() {
        long size = exists() ? size() : 0;
        super.delete();
        release(size);
    }

    /** A channel whose growth is charged to the budget. */
    private static final class QuotaChannel extends FileBase {

        private final FileChannel channel;

        QuotaChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public synchronized int write(ByteBuffer src, long position) throws IOException {
            passGate();
            long size = channel.size();
            long end = position + src.remaining();
            long granted = allocate(end - size);
            if (end > size && granted < end - size) { // a short write up to where the space ends
                ByteBuffer part = src.duplicate();
                part.limit(part.position() + (int) (size + granted - position));
                int n = channel.write(part, position);
                src.position(src.position() + n);
                return n;
            }
            return channel.write(src, position);
        }

        @Override
        public synchronized int write(ByteBuffer src) throws IOException {
            int n = write(src, channel.position());
            channel.position(channel.position() + n);
            return n;
        }

        @Override
        public synchronized FileChannel truncate(long newLength) throws IOException {
            long size = channel.size();
            channel.truncate(newLength);
            release(size - channel.size());
            return this;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return channel.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void force(boolean metaData) throws IOException {
            FORCES.incrementAndGet();
            channel.force(metaData);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return channel.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            channel.close();
        }
    }
}
