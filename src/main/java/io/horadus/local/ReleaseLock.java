package io.horadus.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;

/**
 * The right to act on one release, held by one process (and one command in it) at a time: an OS lock
 * on the release's lock file, which the kernel drops when the process ends however it ends (even
 * SIGKILL), so a stale lock never blocks anyone. The holder (pid, since, command) is written into the
 * file for the process refused next to name. Closing releases it; the file stays, empty (deleting it
 * would let a process that opened it just before lock a file no one else can find any more).
 */
public final class ReleaseLock implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReleaseKey key;
    private final LockHolder holder;
    private final FileChannel channel;
    private final FileLock lock;
    private final Runnable released;
    private boolean closed;

    private ReleaseLock(ReleaseKey key, LockHolder holder, FileChannel channel, FileLock lock, Runnable released) {
        this.key = key;
        this.holder = holder;
        this.channel = channel;
        this.lock = lock;
        this.released = released;
    }

    /**
     * Takes the lock on {@code file} or throws {@link LockHeld} naming its holder.
     *
     * @param released called once the lock is released (the state directory forgets it)
     */
    static ReleaseLock take(ReleaseKey key, Path file, LockHolder holder, Runnable released) {
        DurableFiles.directory(file.toAbsolutePath().getParent());
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE), DurableFiles.PRIVATE_FILE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // Another StateDirectory on this root in this process holds it: a programming error, said as
                // such. POSIX locks belong to the process, not the handle: closing this channel drops that
                // holder's OS lock too, and so would leaving it to the garbage collector, so say that as well.
                closeQuietly(channel);
                throw new IllegalStateException("release " + key + " is locked by another StateDirectory on the same state directory in this process,"
                        + " and this attempt has released its OS lock (the JDK drops a process's locks on a file when any channel to it closes):"
                        + " use one StateDirectory per state directory", e);
            }
            if (lock == null) {
                var other = holder(channel);
                channel.close();
                throw new LockHeld(key, other);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(JSON.writeValueAsBytes(new HolderJson(holder.pid(), holder.since().toString(), holder.command()))), 0);
            channel.force(false);
            return new ReleaseLock(key, holder, channel, lock, released);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    public ReleaseKey key() {
        return key;
    }

    /** This process, as the lock file names it. */
    public LockHolder holder() {
        return holder;
    }

    /** Whether this lock is still held (not yet closed). */
    public synchronized boolean held() {
        return !closed;
    }

    /** Clears the holder from the file and releases the lock; a second close does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            // The lock goes with the channel below in any case; an old holder left in the file is only read while someone holds the lock.
        } finally {
            closeQuietly(channel);
            released.run();
        }
    }

    /** The holder written in the lock file, or null in the moment before the holder writes it. */
    private static LockHolder holder(FileChannel channel) throws IOException {
        var size = (int) Math.min(channel.size(), 64 * 1024);
        var buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // reads until the buffer is full or the file ends
        }
        try {
            var read = JSON.readValue(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8), HolderJson.class);
            return new LockHolder(read.pid(), Instant.parse(read.since()), read.command());
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing is left to undo: the channel held nothing else.
            }
        }
    }

    /** The lock file's JSON: {"pid":4242,"since":"2026-12-05T23:10:00Z","command":"agent"}. */
    private record HolderJson(long pid, String since, String command) {
    }
}
