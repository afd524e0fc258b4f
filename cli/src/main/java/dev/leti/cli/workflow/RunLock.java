package dev.leti.cli.workflow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive lock on a local file, held for a whole run, so two runs never overlap. The operating system
 * releases it when the process dies, so a crashed run never leaves a stale lock; the file names the holder.
 */
public final class RunLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock or fails at once, naming the run that holds it. */
  public static RunLock acquire(Path file, String runId) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this very JVM
    }
    if (lock == null) {
      String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
      channel.close();
      throw new LockedException("another run holds the lock " + file + (holder.isEmpty() ? "" : " (" + holder + ")")
          + "; runs never overlap: wait for it to end (its lock goes with its process)");
    }
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(("run " + runId + ", pid " + ProcessHandle.current().pid() + ", since "
        + Instant.now()).getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(false);
    return new RunLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    channel.truncate(0);
    lock.release();
    channel.close();
  }

  /** The lock is held by another run. */
  public static final class LockedException extends RuntimeException {
    LockedException(String message) {
      super(message);
    }
  }
}
