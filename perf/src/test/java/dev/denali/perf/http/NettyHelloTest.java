package dev.denali.perf.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.testing.ExternalTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The baselines HttpBench and h2load compare Denali with answer as hello does. */
class NettyHelloTest {
  private static String curl(String... args) throws Exception {
    Path curl = ExternalTool.require("curl", "curl");
    String[] cmd = new String[args.length + 4];
    cmd[0] = curl.toString();
    cmd[1] = "-s";
    cmd[2] = "--max-time";
    cmd[3] = "20";
    System.arraycopy(args, 0, cmd, 4, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  @Test
  void http1AndHttp2BaselinesAnswerHello() throws Exception {
    try (NettyHello h1 = NettyHello.start("127.0.0.1", 0);
        NettyHello h2 = NettyHello.startHttp2("127.0.0.1", 0)) {
      assertThat(curl("-w", " %{http_version}", "http://127.0.0.1:" + h1.port() + "/"))
          .isEqualTo("Hello from Denali VM 1\n 1.1");
      String url = "http://127.0.0.1:" + h2.port() + "/";
      for (int i = 0; i < 3; i++) {
        assertThat(curl("--http2-prior-knowledge", "-w", " %{http_version} %{content_type}",
            url)).isEqualTo("Hello from Denali VM 1\n 2 text/plain");
      }
    }
  }
}
