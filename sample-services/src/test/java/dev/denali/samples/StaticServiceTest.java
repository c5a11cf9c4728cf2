package dev.denali.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.kernel.VmOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static service (sample-services/static) serving images built by {@link DiskImage}. */
class StaticServiceTest {
  @TempDir
  Path tmp;
  ServiceHarness h;

  @AfterEach
  void shutdown() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  ServiceHarness serve(Path folder) throws Exception {
    Path image = tmp.resolve("site.img");
    DiskImage.build(folder, image);
    h = ServiceHarness.start("static", VmOptions.defaults().withDisk(image));
    return h;
  }

  Path folder() throws Exception {
    Path site = Files.createDirectories(tmp.resolve("site"));
    Files.writeString(site.resolve("index.html"), "<h1>home</h1>\n");
    Files.writeString(site.resolve("a.txt"), "text\n");
    Files.writeString(site.resolve("s.css"), "body{}\n");
    Files.writeString(site.resolve("app.js"), "let x = 1;\n");
    Files.writeString(site.resolve("d.json"), "{}\n");
    Files.writeString(site.resolve("logo.svg"), "<svg/>\n");
    Files.write(site.resolve("dot.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
    Files.writeString(site.resolve("blob.bin"), "?");
    Files.writeString(site.resolve("UPPER.HTML"), "<p>upper</p>");
    Files.createDirectories(site.resolve("docs/deep"));
    Files.writeString(site.resolve("docs/index.html"), "<h1>docs</h1>");
    Files.writeString(site.resolve("docs/deep/notes.txt"), "deep notes");
    return site;
  }

  static String header(String response, String name) {
    for (String line : response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n")) {
      if (line.toLowerCase().startsWith(name.toLowerCase() + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return null;
  }

  static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void servesFilesWithTheirContentTypes() throws Exception {
    serve(folder());
    String[][] cases = {
        {"/", "text/html; charset=utf-8", "<h1>home</h1>\n"},
        {"/index.html", "text/html; charset=utf-8", "<h1>home</h1>\n"},
        {"/a.txt", "text/plain; charset=utf-8", "text\n"},
        {"/s.css", "text/css; charset=utf-8", "body{}\n"},
        {"/app.js", "text/javascript; charset=utf-8", "let x = 1;\n"},
        {"/d.json", "application/json", "{}\n"},
        {"/logo.svg", "image/svg+xml", "<svg/>\n"},
        {"/dot.png", "image/png", "\u0089PNG\u0000\u0001\u0002"},
        {"/blob.bin", "application/octet-stream", "?"},
        {"/UPPER.HTML", "text/html; charset=utf-8", "<p>upper</p>"},
        {"/docs/", "text/html; charset=utf-8", "<h1>docs</h1>"},
        {"/docs/deep/notes.txt?x=1#top", "text/plain; charset=utf-8", "deep notes"},
    };
    for (String[] c : cases) {
      String r = h.exchange("GET " + c[0] + " HTTP/1.1\r\nHost: s\r\n\r\n");
      assertThat(r).as(c[0]).startsWith("HTTP/1.1 200 OK\r\n");
      assertThat(header(r, "Content-Type")).as(c[0]).isEqualTo(c[1]);
      assertThat(body(r)).as(c[0]).isEqualTo(c[2]);
    }
  }

  @Test
  void missingFilesAre404AndKeepTheFlow() throws Exception {
    serve(folder());
    int flow = h.open();
    h.send(flow, "GET /nope.html HTTP/1.1\r\n\r\nGET /docs HTTP/1.1\r\n\r\n"
        + "GET /" + "x".repeat(80) + " HTTP/1.1\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n");
    String all = h.await(flow, t -> ServiceHarness.completeResponses(t, 4));
    assertThat(all.split("HTTP/1.1 404 Not Found\r\n", -1)).hasSize(4);
    assertThat(all).endsWith("\r\n\r\ntext\n");
    assertThat(h.closedByGuest(flow)).isFalse();
  }

  @Test
  void otherMethodsAre405() throws Exception {
    serve(folder());
    String r = h.exchange("POST /a.txt HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi");
    assertThat(r).startsWith("HTTP/1.1 405 Method Not Allowed\r\n");
    assertThat(header(r, "Allow")).isEqualTo("GET, HEAD");
    assertThat(body(r)).isEqualTo("Method Not Allowed\n");
  }

  @Test
  void headSendsTheHeadersOnly() throws Exception {
    serve(folder());
    int flow = h.open();
    h.send(flow, "HEAD /a.txt HTTP/1.1\r\n\r\nGET /d.json HTTP/1.1\r\n\r\n");
    String all = h.await(flow, t -> t.endsWith("{}\n"));
    assertThat(all).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 5\r\n");
    assertThat(all).doesNotContain("text\n");
  }

  @Test
  void bigFilesGoOutInSeveralMessages() throws Exception {
    Path site = folder();
    byte[] big = new byte[300_000 + 123];
    new Random(7).nextBytes(big);
    Files.write(site.resolve("big.bin"), big);
    serve(site);
    int flow = h.open();
    h.send(flow, "GET /big.bin HTTP/1.1\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n");
    String all = h.await(flow, t -> ServiceHarness.completeResponses(t, 2));
    String first = all.substring(0, all.indexOf("HTTP/1.1 200 OK", 10));
    assertThat(header(first, "Content-Length")).isEqualTo(String.valueOf(big.length));
    assertThat(body(first).getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(big);
    assertThat(all).endsWith("text\n");
  }

  @Test
  void directorySpanningSeveralBlocks() throws Exception {
    Path site = folder();
    for (int i = 0; i < 150; i++) {
      Files.writeString(site.resolve(String.format("f%03d.txt", i)), "file " + i);
    }
    serve(site);
    for (int i : new int[] {0, 62, 63, 64, 127, 149}) {
      String r = h.exchange(String.format("GET /f%03d.txt HTTP/1.1\r\n\r\n", i));
      assertThat(body(r)).isEqualTo("file " + i);
    }
    assertThat(body(h.exchange("GET /docs/deep/notes.txt HTTP/1.1\r\n\r\n")))
        .isEqualTo("deep notes");
  }

  @Test
  void theSampleSite() throws Exception {
    serve(Path.of("static/site"));
    String r = h.exchange("GET / HTTP/1.1\r\nHost: s\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").contains("Served by a Denali VM");
    assertThat(header(h.exchange("GET /img/dot.png HTTP/1.0\r\n\r\n"), "Content-Type"))
        .isEqualTo("image/png");
  }

  @Test
  void withoutADiskEverythingIs404() throws Exception {
    h = ServiceHarness.start("static");
    assertThat(h.exchange("GET / HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404 ");
  }
}
