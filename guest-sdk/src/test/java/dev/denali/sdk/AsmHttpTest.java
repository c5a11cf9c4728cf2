package dev.denali.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Unit tests of http.s's parser and string helpers, called directly from a driver (no NIC):
 * start.s, lib.s, net.s, http.s and the driver are assembled as separate files, as
 * guest-sdk/README.md shows, so this also checks that they link by their .globl names. The
 * services' tests (sample-services) cover the rest through the kernel.
 */
class AsmHttpTest {
  /** Runs http_parse on each request (capacity {@code cap}); one output line per request. */
  static List<String> parse(int cap, String... requests) {
    StringBuilder code = new StringBuilder();
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < requests.length; i++) {
      code.append("""
              la   a0, req%1$d
              li   a1, req%1$d_len
              li   a2, %2$d
              call show
          """.formatted(i, cap));
      data.append("req").append(i).append(": .ascii \"").append(escape(requests[i]))
          .append("\"\n        .equ req").append(i).append("_len, . - req").append(i)
          .append('\n');
    }
    String driver = """
        .include "http.inc"
        net_config flows=1, bufsize=64, outsize=64
        .text
        .globl main
        main:
            addi sp, sp, -16
            sw   ra, 12(sp)
        %s
            li   a0, 0
            lw   ra, 12(sp)
            addi sp, sp, 16
            ret

        # show(a0 buf, a1 len, a2 cap): prints "RESULT METHOD|TARGET|HOST|BODY|FLAGS\\n"
        show:
            addi sp, sp, -16
            sw   ra, 12(sp)
            sw   s0, 8(sp)
            call http_parse
            mv   s0, a0
            call print_dec
            blez s0, 1f
            la   s0, http_req
            li   a0, ' '
            call print_char
            lw   a1, REQ_METHOD(s0)
            lw   a2, REQ_METHOD_LEN(s0)
            call out
            lw   a1, REQ_TARGET(s0)
            lw   a2, REQ_TARGET_LEN(s0)
            call out
            lw   a1, REQ_HOST(s0)
            lw   a2, REQ_HOST_LEN(s0)
            call out
            lw   a1, REQ_BODY(s0)
            lw   a2, REQ_BODY_LEN(s0)
            call out
            lw   a0, REQ_FLAGS(s0)
            call print_hex
        1:  li   a0, '\\n'
            call print_char
            lw   ra, 12(sp)
            lw   s0, 8(sp)
            addi sp, sp, 16
            ret
        out:                            # writes a2 bytes at a1, then '|'
            addi sp, sp, -16
            sw   ra, 12(sp)
            sys_write STDOUT
            li   a0, '|'
            call print_char
            lw   ra, 12(sp)
            addi sp, sp, 16
            ret
            .rodata
        %s
        """.formatted(code, data);
    List<SourceFile> sources = new ArrayList<>();
    try {
      for (String f : List.of("start.s", "lib.s", "net.s", "http.s")) {
        sources.add(SourceFile.read(Sdk.asmDir().resolve(f)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sources.add(SourceFile.of("driver.s", driver));
    var asm = Sdk.tryAssemble(sources);
    assertThat(asm.ok()).as("assembler errors:%n%s", asm.formatDiagnostics()).isTrue();
    Sdk.Run r = Sdk.run("driver", asm.elf());
    assertThat(r.exited()).as(r.describe()).isTrue();
    assertThat(r.status()).as(r.describe()).isZero();
    return List.of(r.out().split("\n"));
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c >= 0x7f) {
        b.append(String.format("\\%03o", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  @Test
  void completeRequests() {
    assertThat(parse(1024,
        "GET / HTTP/1.1\r\n\r\n",
        "POST /p?q HTTP/1.1\r\nHost: h.example\r\nContent-Length: 3\r\n\r\nabcGET",
        "HEAD /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "GET / HTTP/1.1\r\nConnection: Upgrade, CLOSE\r\n\r\n",
        "\r\nGET / HTTP/1.1\nHost:h\n\n"))
        .containsExactly(
            "18 GET|/|||0x1",                     // KEEP_ALIVE
            "61 POST|/p?q|h.example|abc|0x1",      // the body stops at Content-Length
            "44 HEAD|/x|||0x27",                   // KEEP_ALIVE HEAD HTTP10 CONN_KEEP
            "46 GET|/|||0x10",                     // CONN_CLOSE, not KEEP_ALIVE
            "25 GET|/|h||0x1");                    // leading CRLF counted; bare LFs
  }

  @Test
  void incompleteRequestsWait() {
    assertThat(parse(1024, "", "GET", "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r",
        "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcd"))
        .containsExactly("0", "0", "0", "0", "0");
  }

  @Test
  void limits() {
    assertThat(parse(40,
        "GET / HTTP/1.1\r\nX: 0123456789012345678901",    // 40 bytes, no end of head: 431
        "POST / HTTP/1.1\r\nContent-Length: 20\r\n\r\n",  // 38 + 20 > 40: 413
        "POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nab"))  // exactly 40: fits
        .containsExactly("-431", "-413", "40 POST|/||ab|0x1");
  }

  @Test
  void badRequests() {
    assertThat(parse(1024,
        "GET /\r\n\r\n",
        "GET / HTTP/1.1 \r\n\r\n",
        "GET / HTTP/3.1\r\n\r\n",
        "G\001T / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\n: empty name\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length:\r\n\r\n",
        "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"))
        .containsExactly("-400", "-400", "-400", "-400", "-400", "-400", "-400", "-501");
  }

  @Test
  void readmeExampleAssembles() throws IOException {
    String readme = Sdk.read(Sdk.module().resolve("README.md"));
    int section = readme.indexOf("## Networking for assembly guests");
    int start = readme.indexOf("```asm\n", section) + 7;
    String example = readme.substring(start, readme.indexOf("```", start));
    List<SourceFile> sources = new ArrayList<>();
    for (String f : List.of("start.s", "lib.s", "net.s", "http.s")) {
      sources.add(SourceFile.read(Sdk.asmDir().resolve(f)));
    }
    sources.add(SourceFile.of("app.s", example));
    var asm = Sdk.tryAssemble(sources);
    assertThat(asm.ok()).as("assembler errors:%n%s", asm.formatDiagnostics()).isTrue();
    assertThat(Sdk.load("app", asm.elf()).config().memory()).isEqualTo(128 * 1024);
  }
}
