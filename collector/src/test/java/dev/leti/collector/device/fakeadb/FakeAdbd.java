package dev.leti.collector.device.fakeadb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only adb daemon on a loopback TCP port, for {@code adb connect 127.0.0.1:<port>}: it answers the
 * server's CONNECT with its own (no AUTH), and serves the {@code shell:} and {@code sync:} services of a
 * {@link FakePhone}; any other service is refused with CLOSE. Streams follow the protocol's flow control: after
 * a WRITE the sender waits for the peer's READY (OKAY) before the next one.
 */
public final class FakeAdbd implements AutoCloseable {
  /** Protocol version 0x01000001: the peer may skip payload checksums (this side still sends them). */
  static final int VERSION = 0x01000001;
  static final int MAX_PAYLOAD = 256 * 1024;
  private static final long WRITE_ACK_TIMEOUT_S = 60;

  private final FakePhone phone;
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-adbd");
    t.setDaemon(true);
    return t;
  });
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  /** Every service the server opened, in order, for the test to check what the collector asked for. */
  private final List<String> opened = new CopyOnWriteArrayList<>();

  public FakeAdbd(FakePhone phone) throws IOException {
    this.phone = phone;
    this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    threads.submit(this::acceptLoop);
  }

  public int port() {
    return server.getLocalPort();
  }

  public List<String> openedServices() {
    return List.copyOf(opened);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        connections.add(s);
        threads.submit(() -> serve(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      new Connection(socket).run();
    } catch (IOException e) {
      // the server went away or broke the protocol: drop the connection, as adbd does
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : connections) {
      s.close();
    }
    threads.shutdownNow();
  }

  /** One transport connection from the adb server and its streams. */
  private final class Connection {
    private final Socket socket;
    private final OutputStream out;
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
    private boolean connected;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    void run() throws IOException {
      var in = new BufferedInputStream(socket.getInputStream());
      for (AdbMessage m; (m = AdbMessage.read(in, MAX_PAYLOAD)) != null; ) {
        if (m.command() == AdbMessage.CNXN) {
          connected = true;
          send(AdbMessage.of(AdbMessage.CNXN, VERSION, MAX_PAYLOAD, phone.banner()));
          continue;
        }
        if (!connected) {
          continue; // the protocol: anything before CONNECT is ignored
        }
        switch (m.command()) {
          case AdbMessage.OPEN -> open(m.arg0(), m.payloadText());
          case AdbMessage.OKAY -> {
            Stream s = streams.get(m.arg1());
            if (s != null) {
              s.peerReady(m.arg0());
            }
          }
          case AdbMessage.WRTE -> {
            Stream s = streams.get(m.arg1());
            if (s != null) {
              send(new AdbMessage(AdbMessage.OKAY, s.localId, s.remoteId, new byte[0]));
              s.received(m.payload());
            }
          }
          case AdbMessage.CLSE -> {
            Stream s = streams.remove(m.arg1());
            if (s != null) {
              s.closedByPeer();
            }
          }
          default -> throw new IOException("unexpected adb message " + m);
        }
      }
    }

    private void open(int remoteId, String service) throws IOException {
      opened.add(service);
      FakePhone.Service handler = phone.service(service);
      if (handler == null) {
        send(new AdbMessage(AdbMessage.CLSE, 0, remoteId, new byte[0]));
        return;
      }
      Stream s = new Stream(nextId.getAndIncrement(), remoteId);
      streams.put(s.localId, s);
      send(new AdbMessage(AdbMessage.OKAY, s.localId, remoteId, new byte[0]));
      threads.submit(() -> {
        try {
          handler.serve(s.input, s.output());
        } catch (Exception e) {
          // the stream ends: the server sees CLOSE
        } finally {
          s.close();
        }
      });
    }

    synchronized void send(AdbMessage m) throws IOException {
      m.write(out);
    }

    /** One stream: bytes the server writes go to {@link #input}; {@link #output()} writes WRITE messages. */
    private final class Stream {
      final int localId;
      final int remoteId;
      final StreamInput input = new StreamInput();
      // an OPEN implies the opener is ready: one WRITE may go before its first READY
      private final Semaphore ready = new Semaphore(1);
      private volatile boolean closed;

      Stream(int localId, int remoteId) {
        this.localId = localId;
        this.remoteId = remoteId;
      }

      void peerReady(int peerId) {
        ready.release();
      }

      void received(byte[] data) {
        input.offer(data);
      }

      void closedByPeer() {
        closed = true;
        input.end();
        ready.release(); // a writer waiting for READY gives up
      }

      OutputStream output() {
        return new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            for (int done = 0; done < len; ) {
              int n = Math.min(MAX_PAYLOAD, len - done);
              awaitReady();
              byte[] chunk = java.util.Arrays.copyOfRange(b, off + done, off + done + n);
              send(new AdbMessage(AdbMessage.WRTE, localId, remoteId, chunk));
              done += n;
            }
          }
        };
      }

      private void awaitReady() throws IOException {
        try {
          if (!ready.tryAcquire(WRITE_ACK_TIMEOUT_S, TimeUnit.SECONDS)) {
            throw new IOException("the adb server did not acknowledge a WRITE within " + WRITE_ACK_TIMEOUT_S + " s");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        if (closed) {
          throw new IOException("stream closed by the adb server");
        }
      }

      void close() {
        try {
          // the last WRITE must be acknowledged before CLOSE (the stream stays registered to receive the READY)
          ready.tryAcquire(WRITE_ACK_TIMEOUT_S, TimeUnit.SECONDS);
          if (streams.remove(localId) != null) {
            send(new AdbMessage(AdbMessage.CLSE, localId, remoteId, new byte[0]));
          }
        } catch (IOException | InterruptedException e) {
          // the connection is gone
        }
      }
    }
  }
}
