package dev.denali.gateway;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * HTTP mode's access log: one line per answered request, in the Common Log Format followed by
 * the service, the VM that answered and the microseconds it took:
 * {@code 127.0.0.1 - - [05/Dec/2026:06:55:30 +0000] "GET /x HTTP/1.1" 200 21 hello vm=3 us=812}.
 * Lines are written by a thread of their own from a bounded queue, so a slow disk never holds
 * up an event loop; when the queue is full, lines are dropped and counted.
 */
final class AccessLog implements AutoCloseable {
  private static final DateTimeFormatter TIME = DateTimeFormatter
      .ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String STOP = new String("stop");

  private final Writer out;
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(65_536);
  private final Thread writer;
  final LongAdder dropped = new LongAdder();

  /** A log appended to {@code file} ("-": standard output). */
  AccessLog(Path file) throws IOException {
    this.out = file.toString().equals("-")
        ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
        : Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
    this.writer = new Thread(this::drain, "denali-access-log");
    writer.setDaemon(true);
    writer.start();
  }

  /** Logs one answered request (any thread; never blocks). */
  void log(SocketAddress client, String method, String target, String version, int status,
      long bytes, String service, int vm, long micros) {
    String host = client instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "-";
    String line = host + " - - [" + TIME.format(Instant.now()) + "] \"" + clean(method) + " "
        + clean(target) + " " + version + "\" " + status + " " + bytes + " "
        + (service == null ? "-" : service) + " vm=" + (vm < 0 ? "-" : vm) + " us=" + micros;
    if (!lines.offer(line)) {
      dropped.increment();
    }
  }

  /** A request's own text, with nothing that could forge a line or break the quotes. */
  private static String clean(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 2048));
    for (int i = 0; i < s.length() && i < 2048; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f || c == '"' || c == '\\' ? '?' : c);
    }
    return b.toString();
  }

  private void drain() {
    try {
      while (true) {
        String line = lines.poll(200, TimeUnit.MILLISECONDS);
        if (line == null) {
          out.flush();
          continue;
        }
        if (line == STOP) {
          break;
        }
        out.write(line);
        out.write('\n');
      }
      out.flush();
    } catch (IOException | InterruptedException e) {
      // the log goes quiet; requests are served as before
    }
  }

  @Override
  public void close() {
    try {
      lines.put(STOP);
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
