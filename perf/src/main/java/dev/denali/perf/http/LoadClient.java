package dev.denali.perf.http;

import dev.denali.kernel.Histogram;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A closed-loop HTTP/1.1 load generator: {@code connections} threads, each sending one request at
 * a time over keep-alive connections and reading the whole response by its Content-Length:
 * one connection per thread for every Host (a server that routes each request by its own Host,
 * as the gateway's HTTP mode does), or one per Host it talks to (at most
 * {@link #MAX_PER_THREAD} kept per thread, least recently used closed first) for a server that
 * routes connections. The Host of each request comes from a picker, e.g. a Zipf-chosen instance
 * {@code 42.hello}. Latency is recorded in microseconds.
 */
public final class LoadClient {
  static final int MAX_PER_THREAD = 128;

  /** What a run measured. */
  public record Result(long requests, long errors, double seconds, Histogram latencyMicros) {
    public double perSecond() {
      return seconds > 0 ? requests / seconds : 0;
    }
  }

  /** Counters of one interval while the run goes on, for a progress line. */
  public record Progress(double seconds, double intervalSeconds, long requests, long errors,
      Histogram latencyMicros) {
    public double perSecond() {
      return intervalSeconds > 0 ? requests / intervalSeconds : 0;
    }
  }

  private final String address;
  private final int port;
  private final String path;
  private final int connections;
  private final Function<SplittableRandom, String> hosts;
  private final LongAdder requests = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Histogram latency = new Histogram();
  /** One connection per thread whatever the Host (the server routes each request). */
  private final boolean oneConnection;

  public LoadClient(String address, int port, String path, int connections,
      Function<SplittableRandom, String> hosts) {
    this(address, port, path, connections, hosts, false);
  }

  public LoadClient(String address, int port, String path, int connections,
      Function<SplittableRandom, String> hosts, boolean oneConnection) {
    this.oneConnection = oneConnection;
    this.address = address;
    this.port = port;
    this.path = path;
    this.connections = connections;
    this.hosts = hosts;
  }

  /**
   * Runs for {@code seconds}, calling {@code progress} about once a second with the counters of
   * that second, and returns the totals.
   */
  public Result run(double seconds, Consumer<Progress> progress) throws InterruptedException {
    running.set(true);
    requests.reset();
    errors.reset();
    Histogram total = new Histogram();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      long seed = 42 + i;
      Thread t = new Thread(() -> loop(new SplittableRandom(seed), total), "load-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long lastRequests = 0;
    long lastErrors = 0;
    long lastTime = start;
    while (System.nanoTime() < end) {
      Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
      Histogram second = latency;
      latency = new Histogram();
      long r = requests.sum();
      long e = errors.sum();
      long now = System.nanoTime();
      if (progress != null) {
        progress.accept(new Progress((now - start) / 1e9, (now - lastTime) / 1e9,
            r - lastRequests, e - lastErrors, second));
      }
      lastTime = now;
      lastRequests = r;
      lastErrors = e;
    }
    running.set(false);
    double elapsed = (System.nanoTime() - start) / 1e9;
    long done = requests.sum();
    for (Thread t : threads) {
      t.join(5000);
    }
    return new Result(done, errors.sum(), elapsed, total);
  }

  private static final class Conn {
    final Socket socket;
    final OutputStream out;
    final InputStream in;

    Conn(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
      this.in = new BufferedInputStream(socket.getInputStream(), 16 << 10);
    }
  }

  private void loop(SplittableRandom random, Histogram total) {
    Map<String, Conn> open = new LinkedHashMap<>(16, 0.75f, true);
    byte[] buf = new byte[64 << 10];
    while (running.get()) {
      String host = hosts.apply(random);
      String key = oneConnection ? "" : host;
      long t0 = System.nanoTime();
      try {
        Conn c = open.get(key);
        if (c == null) {
          if (open.size() >= MAX_PER_THREAD) {
            Iterator<Conn> it = open.values().iterator();
            close(it.next());
            it.remove();
          }
          Socket s = new Socket();
          s.setTcpNoDelay(true);
          s.setSoTimeout(30_000);
          s.connect(new InetSocketAddress(address, port), 10_000);
          c = new Conn(s);
          open.put(key, c);
        }
        c.out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        c.out.flush();
        if (!readResponse(c.in, buf)) {
          close(open.remove(key));
        }
        long micros = (System.nanoTime() - t0) / 1000;
        latency.record(micros);
        total.record(micros);
        requests.increment();
      } catch (IOException | RuntimeException e) {
        errors.increment();
        close(open.remove(key));
      }
    }
    open.values().forEach(LoadClient::close);
  }

  /** Reads one response; false when the server said it closes the connection. */
  private static boolean readResponse(InputStream in, byte[] buf) throws IOException {
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before a response");
      }
      if (n == buf.length) {
        throw new IOException("response head too large");
      }
      buf[n++] = (byte) b;
      if (n >= 4 && buf[n - 1] == '\n' && buf[n - 2] == '\r' && buf[n - 3] == '\n'
          && buf[n - 4] == '\r') {
        break;
      }
    }
    String head = new String(buf, 0, n, StandardCharsets.ISO_8859_1).toLowerCase();
    if (!head.startsWith("http/1.1 2") && !head.startsWith("http/1.0 2")) {
      throw new IOException("status " + head.lines().findFirst().orElse(""));
    }
    int cl = head.indexOf("content-length:");
    if (cl < 0) {
      throw new IOException("no Content-Length");
    }
    int eol = head.indexOf('\r', cl);
    long length = Long.parseLong(head.substring(cl + 15, eol).trim());
    while (length > 0) {
      int got = in.read(buf, 0, (int) Math.min(buf.length, length));
      if (got < 0) {
        throw new IOException("connection closed in the body");
      }
      length -= got;
    }
    return !head.contains("connection: close");
  }

  private static void close(Conn c) {
    if (c != null) {
      try {
        c.socket.close();
      } catch (IOException ignored) {
        // closing a dead connection
      }
    }
  }
}
