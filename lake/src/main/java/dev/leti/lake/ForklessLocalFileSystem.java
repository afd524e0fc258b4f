package dev.leti.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system (checksums included), except that it sets permissions through java.nio. Without
 * Hadoop's native library (not shipped with the client jars) the stock one forks {@code chmod} for every file and
 * directory it creates: a committed session (two Parquet files, a commit file, their checksum files and
 * directories) cost nine processes, which on the host compete with the runner for the CPU.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {
  public ForklessLocalFileSystem() {
    super(new Raw());
  }

  /** Makes {@code file:} paths reached through {@code conf} use this file system (returns {@code conf}). */
  public static Configuration use(Configuration conf) {
    conf.setClass("fs.file.impl", ForklessLocalFileSystem.class, org.apache.hadoop.fs.FileSystem.class);
    return conf;
  }

  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      java.nio.file.Path file = pathToFile(p).toPath();
      // the sticky bit has no java.nio form; a file store without POSIX permissions needs Hadoop's own handling
      if (permission.getStickyBit()
          || Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
        super.setPermission(p, permission);
        return;
      }
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permission.getUserAction().SYMBOL
          + permission.getGroupAction().SYMBOL + permission.getOtherAction().SYMBOL));
    }
  }
}
