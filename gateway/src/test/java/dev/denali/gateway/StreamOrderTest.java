package dev.denali.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.VmOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Bytes a guest sends reach its client in the order it sent them, although its turns run now on
 * a kernel worker, now on the connection's event loop: an echo of 4 MiB with quanta so short
 * that turns end by budget (and resume on workers) all the time, on several connections.
 */
class StreamOrderTest {
  @Test
  void anEchoOfMegabytesComesBackInOrder() throws Exception {
    try (Kernel kernel = Kernel.start(KernelConfig.defaults().withWorkers(2).withQuantum(300)
            .withNicQueueBytes(64 << 10));
        Gateway gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0)
            .withBind("127.0.0.1"))) {
      int port;
      try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      gateway.deploy("echo", kernel.load("echo", TestGuests.elf(TestGuests.ECHO)), 1,
          VmOptions.defaults(), port);
      for (int round = 0; round < 3; round++) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          s.setSoTimeout(30_000);
          byte[] data = new byte[4 << 20];
          for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + i / 251);
          }
          OutputStream out = s.getOutputStream();
          InputStream in = s.getInputStream();
          Thread writer = new Thread(() -> {
            try {
              for (int at = 0; at < data.length; at += 1000) {
                out.write(data, at, Math.min(1000, data.length - at));
              }
              out.flush();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
          writer.start();
          byte[] back = in.readNBytes(data.length);
          writer.join();
          int first = Arrays.mismatch(back, data);
          assertThat(first).as("first byte out of order, round %d", round).isEqualTo(-1);
        }
      }
    }
  }
}
