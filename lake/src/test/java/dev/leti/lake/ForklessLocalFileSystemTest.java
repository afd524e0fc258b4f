package dev.leti.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForklessLocalFileSystemTest {
  @TempDir Path dir;

  @Test
  void fileUrisReachItThroughTheConfiguration() throws Exception {
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"),
        ForklessLocalFileSystem.use(new Configuration()))) {
      assertThat(fs).isInstanceOf(ForklessLocalFileSystem.class);
    }
  }

  @Test
  void permissionsAreTheOnesHadoopAsksForAfterTheUmask() throws Exception {
    Configuration conf = ForklessLocalFileSystem.use(new Configuration());
    conf.set("fs.permissions.umask-mode", "027");
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), conf)) {
      org.apache.hadoop.fs.Path sub = new org.apache.hadoop.fs.Path(dir.resolve("a/b").toUri());
      assertThat(fs.mkdirs(sub, new FsPermission((short) 0775))).isTrue();
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(sub, "f.json");
      try (OutputStream out = fs.create(file, new FsPermission((short) 0666), true, 4096, (short) 1, 1 << 20,
          null)) {
        out.write("{}".getBytes(StandardCharsets.UTF_8));
      }
      fs.setPermission(file, new FsPermission((short) 0400));

      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))))
          .isEqualTo("rwxr-x---");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/f.json"))))
          .isEqualTo("r--------");
      assertThat(Files.readString(dir.resolve("a/b/f.json"))).isEqualTo("{}");
      assertThat(dir.resolve("a/b/.f.json.crc")).as("still a checksummed file system").isRegularFile();
      assertThat(fs.getFileStatus(file).getPermission()).isEqualTo(new FsPermission((short) 0400));
    }
  }

  @Test
  void theStickyBitIsKeptThroughHadoopsOwnWay() throws Exception {
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"),
        ForklessLocalFileSystem.use(new Configuration()))) {
      org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(dir.resolve("shared").toUri());
      fs.mkdirs(d);
      fs.setPermission(d, new FsPermission((short) 01777));
      assertThat(fs.getFileStatus(d).getPermission().getStickyBit()).isTrue();
      assertThat(List.of(fs.listStatus(d))).isEmpty();
    }
  }
}
