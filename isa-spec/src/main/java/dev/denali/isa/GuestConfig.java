package dev.denali.isa;

import java.util.Locale;
import java.util.Map;

/**
 * The Denali settings of a guest binary, read from its {@link GuestNote}, with documented defaults:
 * memory 1 MiB, stack 64 KiB (or memory / 8 when that is less), service name = the binary's file
 * name without extension.
 *
 * @param memory bytes of guest memory ({@code memory} key)
 * @param stack bytes reserved for the stack at the top of memory ({@code stack} key)
 * @param service the service name used for routing ({@code service} key), or null for the default
 * @param httpMessages the guest takes HTTP requests as HTTP messages ({@code http=message}), not
 *     as HTTP/1.1 text ({@code http=text}, the default)
 */
public record GuestConfig(int memory, int stack, String service, boolean httpMessages) {

  public static final String KEY_MEMORY = "memory";
  public static final String KEY_STACK = "stack";
  public static final String KEY_SERVICE = "service";
  public static final String KEY_HTTP = "http";

  public GuestConfig(int memory, int stack, String service) {
    this(memory, stack, service, false);
  }

  public static GuestConfig defaults() {
    return new GuestConfig(MemoryMap.DEFAULT_MEMORY, MemoryMap.DEFAULT_STACK, null);
  }

  /**
   * Reads settings from note entries, checking them.
   *
   * @throws IllegalArgumentException naming the bad setting
   */
  public static GuestConfig from(Map<String, String> settings) {
    GuestConfig d = defaults();
    int memory = settings.containsKey(KEY_MEMORY)
        ? parseSize(KEY_MEMORY, settings.get(KEY_MEMORY)) : d.memory();
    int stack = settings.containsKey(KEY_STACK)
        ? parseSize(KEY_STACK, settings.get(KEY_STACK)) : Math.min(d.stack(), memory / 8);
    String service = settings.get(KEY_SERVICE);
    if (memory < MemoryMap.MIN_MEMORY || memory > MemoryMap.MAX_MEMORY) {
      throw new IllegalArgumentException("memory " + memory + " outside "
          + MemoryMap.MIN_MEMORY + ".." + MemoryMap.MAX_MEMORY + " bytes");
    }
    if (memory % MemoryMap.PAGE_SIZE != 0) {
      throw new IllegalArgumentException("memory " + memory + " is not a multiple of the "
          + MemoryMap.PAGE_SIZE + "-byte page size");
    }
    if (stack < 0 || stack > memory - MemoryMap.TEXT_BASE) {
      throw new IllegalArgumentException("stack " + stack + " does not fit in memory " + memory);
    }
    if (service != null && !service.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw new IllegalArgumentException("service name '" + service
          + "' must be 1..63 letters, digits, '.', '_' or '-'");
    }
    String http = settings.getOrDefault(KEY_HTTP, "text");
    if (!http.equals("text") && !http.equals("message")) {
      throw new IllegalArgumentException("http must be text or message, not '" + http + "'");
    }
    return new GuestConfig(memory, stack, service, http.equals("message"));
  }

  /**
   * Parses a size: a decimal or 0x number with an optional K, M or G suffix (powers of 1024).
   *
   * @throws IllegalArgumentException when it is not a size or exceeds 2 GiB - 1
   */
  public static int parseSize(String what, String text) {
    String s = text.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (s.endsWith("IB")) {
      s = s.substring(0, s.length() - 2);
    } else if (s.endsWith("B") && s.length() > 1 && !s.startsWith("0X")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.endsWith("K")) {
      unit = 1L << 10;
    } else if (s.endsWith("M")) {
      unit = 1L << 20;
    } else if (s.endsWith("G")) {
      unit = 1L << 30;
    }
    if (unit != 1) {
      s = s.substring(0, s.length() - 1);
    }
    try {
      long n = s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
      // Compare before multiplying: n * unit can overflow a long (e.g. 17179869184G).
      if (n < 0 || n > Integer.MAX_VALUE / unit) {
        throw new IllegalArgumentException(what + " size '" + text + "' is out of range");
      }
      return (int) (n * unit);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          what + " size '" + text + "' is not a size (examples: 65536, 64K, 4M)", e);
    }
  }
}
