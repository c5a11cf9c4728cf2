package dev.denali.gateway;

import dev.denali.isa.NetMessage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** The gateway's side of the flow protocol (ISA manual, "Network messages"). */
final class Messages {
  private Messages() {}

  /** The most payload one DATA message carries. */
  static final int MAX_PAYLOAD = NetMessage.MTU - NetMessage.HEADER_BYTES;

  static byte[] message(int kind, int flow, byte[] payload, int from, int length) {
    byte[] m = new byte[NetMessage.HEADER_BYTES + length];
    m[NetMessage.KIND_OFFSET] = (byte) kind;
    ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putInt(NetMessage.FLOW_OFFSET, flow);
    System.arraycopy(payload, from, m, NetMessage.HEADER_BYTES, length);
    return m;
  }

  static byte[] open(int flow) {
    return message(NetMessage.OPEN, flow, new byte[0], 0, 0);
  }

  static byte[] close(int flow) {
    return message(NetMessage.CLOSE, flow, new byte[0], 0, 0);
  }

  static int kind(byte[] m) {
    return m[NetMessage.KIND_OFFSET] & 0xFF;
  }

  static int flow(byte[] m) {
    return ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).getInt(NetMessage.FLOW_OFFSET);
  }

  /** A complete HTTP/1.1 response that closes the connection, for the gateway's own errors. */
  static byte[] httpError(int status, String reason, String body) {
    String text = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain;"
        + " charset=utf-8\r\nContent-Length: " + (body.length() + 1) + "\r\nConnection: close"
        + "\r\nServer: denali-gateway\r\n\r\n" + body + "\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
