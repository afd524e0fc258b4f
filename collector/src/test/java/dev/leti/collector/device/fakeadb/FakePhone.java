package dev.leti.collector.device.fakeadb;

import dev.leti.runner.Runner;
import dev.leti.runner.host.HostTfliteBackend;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a phone's adbd serves, for {@link FakeAdbd}: a shell that knows the few commands the collector sends
 * (canned {@code getprop}/{@code dumpsys} outputs, {@code grep -H} over canned sysfs files, {@code mkdir},
 * {@code stat}, and the runner through {@code app_process}, which runs the host runner on the pushed model so
 * that real timings stream back) and the sync service's STAT and SEND into a directory standing for the phone's
 * file system. A command it does not know gets the shell's "not found" and status 127, as on a phone.
 */
public final class FakePhone {
  /** A service on an open stream: reads what the server writes, writes what goes back. */
  interface Service {
    void serve(InputStream in, OutputStream out) throws Exception;
  }

  private static final Pattern RUNNER = Pattern.compile(
      "CLASSPATH='(/data/local/tmp/[A-Za-z0-9._/-]+)' app_process / ([A-Za-z0-9_.]+) ([0-9]+)((?: '[^']*')*)"
          + "; echo leti-exit=\\$\\?");
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
  private static final Pattern STAT = Pattern.compile("stat -c %s '(/[^']+)'");
  private static final Pattern MKDIR = Pattern.compile("mkdir -p '(/[^']+)'");
  private static final Pattern GREP = Pattern.compile("grep -H \\. ((?:/[^ ]+ ?)+) 2>/dev/null");

  private final Path root;
  private final Map<String, String> cannedCommands;
  private final Map<String, String> sysfs;
  private final String banner;
  private final List<String> shellCommands = new CopyOnWriteArrayList<>();
  private final List<String> pushes = new CopyOnWriteArrayList<>();

  /**
   * @param root the directory that stands for the phone's file system
   * @param cannedCommands exact shell command to its output
   * @param sysfs readable sysfs files and their contents
   * @param properties what the CONNECT banner reports (ro.product.name, model, device)
   */
  public FakePhone(Path root, Map<String, String> cannedCommands, Map<String, String> sysfs,
      Map<String, String> properties) {
    this.root = root;
    this.cannedCommands = Map.copyOf(cannedCommands);
    this.sysfs = new LinkedHashMap<>(sysfs);
    StringBuilder b = new StringBuilder("device::");
    properties.forEach((k, v) -> b.append(k).append('=').append(v).append(';'));
    this.banner = b.append("features=").toString();
  }

  String banner() {
    return banner;
  }

  /** Every shell command the server ran, in order. */
  public List<String> shellCommands() {
    return List.copyOf(shellCommands);
  }

  /** Every file pushed through sync ({@code <device path> <bytes>}), in order. */
  public List<String> pushes() {
    return List.copyOf(pushes);
  }

  /** Where a device path lives on this machine. */
  public Path local(String devicePath) {
    if (!devicePath.startsWith("/") || devicePath.contains("..")) {
      throw new IllegalArgumentException("bad device path '" + devicePath + "'");
    }
    return root.resolve(devicePath.substring(1));
  }

  Service service(String name) {
    if (name.startsWith("shell:") && name.length() > "shell:".length()) {
      String command = name.substring("shell:".length());
      return (in, out) -> shell(command, out);
    }
    if (name.equals("sync:")) {
      return this::sync;
    }
    return null;
  }

  private void shell(String command, OutputStream out) throws IOException {
    shellCommands.add(command);
    PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    String canned = cannedCommands.get(command);
    Matcher m;
    if (canned != null) {
      w.print(canned);
    } else if ((m = MKDIR.matcher(command)).matches()) {
      Files.createDirectories(local(m.group(1)));
    } else if ((m = STAT.matcher(command)).matches()) {
      Path f = local(m.group(1));
      w.println(Files.isRegularFile(f) ? Long.toString(Files.size(f))
          : "stat: '" + m.group(1) + "': No such file or directory");
    } else if ((m = GREP.matcher(command)).matches()) {
      for (String pattern : m.group(1).trim().split(" ")) {
        var glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        sysfs.forEach((path, value) -> {
          if (glob.matches(Path.of(path))) {
            w.println(path + ":" + value);
          }
        });
      }
    } else if ((m = RUNNER.matcher(command)).matches()) {
      w.flush();
      int status = runner(m.group(1), m.group(2), Integer.parseInt(m.group(3)), m.group(4), out);
      w.println("leti-exit=" + status);
    } else {
      w.println("/system/bin/sh: " + command.split(" ")[0] + ": inaccessible or not found");
    }
    w.flush();
  }

  /** app_process with the runner jar: the host runner on the pushed model, its lines streamed as they come. */
  private int runner(String classpath, String mainClass, int protocol, String quotedArgs, OutputStream out) {
    PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    if (!Files.isRegularFile(local(classpath)) || !mainClass.equals("dev.leti.runner.android.AndroidRunner")) {
      w.println("Exception in thread \"main\" java.lang.ClassNotFoundException: " + mainClass);
      return 1;
    }
    List<String> args = new ArrayList<>(List.of(Integer.toString(protocol)));
    Matcher q = QUOTED.matcher(quotedArgs);
    while (q.find()) {
      String arg = q.group(1);
      args.add(arg.startsWith("model=") ? "model=" + local(arg.substring("model=".length())) : arg);
    }
    StringWriter err = new StringWriter();
    int status = Runner.run(new HostTfliteBackend(), args.toArray(new String[0]), w, new PrintWriter(err), false);
    w.print(err); // adb's shell v1 merges stderr into stdout
    w.flush();
    return status;
  }

  /** The sync service: STAT and SEND (DATA chunks, then DONE with the mtime), until QUIT or the stream ends. */
  private void sync(InputStream in, OutputStream out) throws IOException {
    DataInputStream data = new DataInputStream(in);
    while (true) {
      String id;
      int length;
      try {
        id = readId(data);
        length = readInt(data);
      } catch (EOFException e) {
        return;
      }
      switch (id) {
        case "STAT" -> {
          Path f = local(new String(data.readNBytes(length), StandardCharsets.UTF_8));
          boolean exists = Files.isRegularFile(f);
          out.write(syncPacket("STAT", exists ? 0100644 : 0, exists ? (int) Files.size(f) : 0,
              exists ? (int) (Files.getLastModifiedTime(f).toMillis() / 1000) : 0));
        }
        case "SEND" -> {
          String spec = new String(data.readNBytes(length), StandardCharsets.UTF_8);
          String path = spec.substring(0, spec.lastIndexOf(','));
          ByteArrayOutputStream file = new ByteArrayOutputStream();
          for (String chunk = readId(data); !chunk.equals("DONE"); chunk = readId(data)) {
            if (!chunk.equals("DATA")) {
              throw new IOException("sync SEND: expected DATA or DONE, got " + chunk);
            }
            int n = readInt(data);
            if (n > 64 * 1024) {
              throw new IOException("sync DATA chunk of " + n + " bytes exceeds 64k");
            }
            file.write(data.readNBytes(n));
          }
          readInt(data); // DONE's mtime
          Path target = local(path);
          Files.createDirectories(target.getParent());
          Files.write(target, file.toByteArray());
          pushes.add(path + " " + file.size());
          out.write(syncPacket("OKAY", 0));
        }
        case "QUIT" -> {
          return;
        }
        default -> {
          byte[] msg = ("fake adbd: sync " + id + " not supported").getBytes(StandardCharsets.UTF_8);
          out.write(syncPacket("FAIL", msg.length));
          out.write(msg);
          return;
        }
      }
      out.flush();
    }
  }

  private static byte[] syncPacket(String id, int... words) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(id.getBytes(StandardCharsets.US_ASCII));
    for (int w : words) {
      b.putInt(w);
    }
    return b.array();
  }

  private static String readId(DataInputStream in) throws IOException {
    byte[] id = new byte[4];
    in.readFully(id);
    return new String(id, StandardCharsets.US_ASCII);
  }

  private static int readInt(DataInputStream in) throws IOException {
    byte[] b = new byte[4];
    in.readFully(b);
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }
}
