package dev.denali.gateway;

import dev.denali.emu.semantics.Guest;
import java.util.Map;

/** Small guests for the gateway tests, in Denali assembly. */
final class TestGuests {
  private TestGuests() {}

  static byte[] elf(String source) {
    return Guest.elf(source, Map.of("memory", "128K"));
  }

  /** Receive loop: a0..a3 scratch, s0 = buffer, s1 = its size; jumps to on_data for DATA. */
  private static final String LOOP = """
      _start:
          la s0, buf
          li s1, 8192
      loop:
          d.net.recv a2, s0, s1
          bltz a2, sleep
          lbu t0, 0(s0)
          li t1, 2
          beq t0, t1, on_data
          j loop
      sleep:
          li a1, -1
          d.idle a0, a1
          j loop
      """;

  /** Echoes every DATA message back on its flow. */
  static final String ECHO = LOOP + """
      on_data:
          d.net.send a3, s0, a2
          j loop
          .bss
      buf: .space 8192
      """;

  /** Answers the first DATA of a flow with a fixed HTTP response, then closes the flow. */
  static final String ONESHOT = LOOP + """
      on_data:
          lw t2, 4(s0)
          la a0, resp
          sw t2, 4(a0)
          li a1, resp_end - resp
          d.net.send a3, a0, a1
          la a0, closemsg
          sw t2, 4(a0)
          li a1, 8
          d.net.send a3, a0, a1
          j loop
          .data
      resp:
          .byte 2, 0, 0, 0
          .word 0
          .ascii "HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: 3\\r\\n"
          .ascii "Connection: close\\r\\n\\r\\nok\\n"
      resp_end:
      closemsg:
          .byte 3, 0, 0, 0
          .word 0
          .bss
      buf: .space 8192
      """;

  /**
   * Answers the first DATA of a flow with 65,472 bytes of body (eight messages of 8,184 zero
   * bytes after the head), then closes the flow.
   */
  static final String BIG_ANSWER = LOOP + """
      on_data:
          lw t2, 4(s0)
          la a0, head
          sw t2, 4(a0)
          li a1, head_end - head
          d.net.send a3, a0, a1
          li s3, 8
      more:
          la a0, chunk
          sw t2, 4(a0)
          li a1, 8192
          d.net.send a3, a0, a1
          addi s3, s3, -1
          bnez s3, more
          la a0, closemsg
          sw t2, 4(a0)
          li a1, 8
          d.net.send a3, a0, a1
          j loop
          .data
      head:
          .byte 2, 0, 0, 0
          .word 0
          .ascii "HTTP/1.1 200 OK\\r\\nContent-Length: 65472\\r\\n\\r\\n"
      head_end:
      closemsg:
          .byte 3, 0, 0, 0
          .word 0
      chunk:
          .byte 2, 0, 0, 0
          .word 0
          .space 8184
          .bss
      buf: .space 8192
      """;

  /** Faults on its first DATA message, before answering. */
  static final String FAULT_AT_ONCE = LOOP + """
      on_data:
          lw t0, 0(zero)
          j loop
          .bss
      buf: .space 8192
      """;

  /** Sends the start of a response promising 100 bytes of body, then faults. */
  static final String FAULT_MID_RESPONSE = LOOP + """
      on_data:
          lw t2, 4(s0)
          la a0, resp
          sw t2, 4(a0)
          li a1, resp_end - resp
          d.net.send a3, a0, a1
          lw t0, 0(zero)
          j loop
          .data
      resp:
          .byte 2, 0, 0, 0
          .word 0
          .ascii "HTTP/1.1 200 OK\\r\\nContent-Length: 100\\r\\n\\r\\npartial"
      resp_end:
          .bss
      buf: .space 8192
      """;

  /** Sends the start of a response promising 100 bytes of body, then never the rest. */
  static final String STALL_MID_RESPONSE = FAULT_MID_RESPONSE.replace("lw t0, 0(zero)", "");

  /**
   * Like ONESHOT, but ignores DATA that starts with 'P': a POST (whose body, in these tests,
   * is all 'P' too) is read and never answered, other requests are.
   */
  static final String HOLD_POSTS = ONESHOT.replace("""
      on_data:
      """, """
      on_data:
          lbu t0, 8(s0)          # the payload's first byte, after the 8-byte message header
          li t1, 'P'
          beq t0, t1, loop
      """);

  /** Reads everything it is sent and never answers. */
  static final String SINK = LOOP + """
      on_data:
          j loop
          .bss
      buf: .space 8192
      """;

  /** Never reads its NIC: idles forever. */
  static final String DEAF = """
      _start:
          li a1, -1
          d.idle a0, a1
          j _start
      """;

  /** Computes forever: never idle, so never hibernated to make room. */
  static final String SPIN = """
      _start:
          addi a0, a0, 1
          j _start
      """;

  /** Like ONESHOT, answering {@code body} (one line, without its newline). */
  static String answering(String body) {
    return ONESHOT.replace("Content-Length: 3", "Content-Length: " + (body.length() + 1))
        .replace("\\r\\n\\r\\nok\\n", "\\r\\n\\r\\n" + body + "\\n");
  }

  /**
   * Answers the first DATA of a flow with a response whose body is that DATA's payload (the
   * request as the guest got it), delimited by closing the flow.
   */
  static final String ECHO_ONCE = LOOP + """
      on_data:
          lw t2, 4(s0)
          mv s2, a2
          la a0, head
          sw t2, 4(a0)
          li a1, head_end - head
          d.net.send a3, a0, a1
          mv a0, s0
          sw t2, 4(a0)
          mv a1, s2
          d.net.send a3, a0, a1
          la a0, closemsg
          sw t2, 4(a0)
          li a1, 8
          d.net.send a3, a0, a1
          j loop
          .data
      head:
          .byte 2, 0, 0, 0
          .word 0
          .ascii "HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\n"
      head_end:
      closemsg:
          .byte 3, 0, 0, 0
          .word 0
          .bss
      buf: .space 8192
      """;

  /** Like ONESHOT, but a request for a target starting with /s ("GET /spin") loops for ever. */
  static final String SPIN_ON_S = ONESHOT.replace("""
      on_data:
      """, """
      on_data:
          lbu t0, 13(s0)         # the request target's second byte (8-byte header, "GET /")
          li t1, 's'
          bne t0, t1, answer
      spin:
          j spin
      answer:
      """);

  /** Answers every DATA with a fixed keep-alive response and keeps the flow open. */
  static final String KEEPALIVE = ONESHOT
      .replace("""
          la a0, closemsg
          sw t2, 4(a0)
          li a1, 8
          d.net.send a3, a0, a1
      """, "")
      .replace("Connection: close\\r\\n", "");
}
