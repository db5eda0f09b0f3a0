package dev.dovs.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Guarantees one engine per lab: an exclusive OS lock on {@code engine.lock}, released by the kernel even when the
 * holder is killed with SIGKILL, so a crashed engine never blocks the next one.
 */
public final class EngineLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private EngineLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static Optional<EngineLock> tryAcquire(LabHome home) {
        try {
            Files.createDirectories(home.dir());
            FileChannel ch = FileChannel.open(home.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // this process already holds it
            }
            if (l == null) {
                ch.close();
                return Optional.empty();
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            return Optional.of(new EngineLock(ch, l));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the engine lock " + FileErrors.describe(home.lockFile(), e), e);
        }
    }

    /** The pid written by the current holder, if any engine runs. */
    public static Optional<Long> holderPid(LabHome home) {
        try {
            String s = Files.readString(home.lockFile()).strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(s));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the kernel releases it at exit anyway
        }
    }
}
