package dev.denali.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.isa.Ecall;
import dev.denali.isa.Errno;
import dev.denali.isa.MemoryMap;
import dev.denali.isa.NetMessage;
import dev.denali.isa.VirtualRegisters;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One source of truth: every constant of the isa-spec Java classes appears in denali.inc and
 * denali.h with the same value, and the two files agree with each other. Adding a constant to
 * Ecall, Errno, MemoryMap, VirtualRegisters or NetMessage fails this test until the SDK has it too.
 *
 * <p>Names: {@code Ecall.WRITE} is {@code SYS_WRITE}; other Ecall, Errno and MemoryMap fields
 * keep their names; VirtualRegisters fields get a {@code VREG_} prefix, except the interrupt
 * bits {@code IRQ_*}; NetMessage fields get a {@code NET_} prefix. In C each name has a {@code DENALI_} prefix.
 */
class ConstantsTest {
  private static final Pattern EQU = Pattern.compile(
      "^\\s*\\.equ\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*,\\s*([^#\\n]+)", Pattern.MULTILINE);
  private static final Pattern DEFINE = Pattern.compile(
      "^#define\\s+DENALI_([A-Z0-9_]+)\\s+(-?(?:0x[0-9a-fA-F]+|[0-9]+)u?)\\b", Pattern.MULTILINE);

  /** The constants the isa-spec classes define, by their SDK (assembly) name. */
  static Map<String, Integer> isaConstants() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (Ecall e : Ecall.values()) {
      m.put("SYS_" + e.name(), e.number());
    }
    intFields(Ecall.class, "", m);
    intFields(Errno.class, "", m);
    intFields(MemoryMap.class, "", m);
    intFields(NetMessage.class, "NET_", m);
    for (Map.Entry<String, Integer> e : fields(VirtualRegisters.class).entrySet()) {
      String name = e.getKey().startsWith("IRQ_") ? e.getKey() : "VREG_" + e.getKey();
      m.put(name, e.getValue());
    }
    return m;
  }

  private static void intFields(Class<?> c, String prefix, Map<String, Integer> into) {
    fields(c).forEach((k, v) -> into.put(prefix + k, v));
  }

  private static Map<String, Integer> fields(Class<?> c) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (Field f : c.getDeclaredFields()) {
      int mod = f.getModifiers();
      if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && Modifier.isFinal(mod)
          && f.getType() == int.class) {
        try {
          m.put(f.getName(), f.getInt(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return m;
  }

  static Map<String, Integer> asmConstants() {
    Map<String, Integer> m = new LinkedHashMap<>();
    Matcher x = EQU.matcher(Sdk.read(Sdk.asmDir().resolve("denali.inc")));
    while (x.find()) {
      if (!x.group(1).startsWith("__")) {
        m.put(x.group(1), parse(x.group(2)));
      }
    }
    return m;
  }

  static Map<String, Integer> cConstants() {
    Map<String, Integer> m = new LinkedHashMap<>();
    Matcher x = DEFINE.matcher(Sdk.read(Sdk.cDir().resolve("denali.h")));
    while (x.find()) {
      m.put(x.group(1), parse(x.group(2)));
    }
    return m;
  }

  private static int parse(String text) {
    String t = text.strip().toLowerCase();
    if (t.endsWith("u")) {
      t = t.substring(0, t.length() - 1);
    }
    boolean negative = t.startsWith("-");
    if (negative) {
      t = t.substring(1);
    }
    long v = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
    return (int) (negative ? -v : v);
  }

  @Test
  void assemblyConstantsMatchTheIsa() {
    Map<String, Integer> asm = asmConstants();
    isaConstants().forEach((name, value) ->
        assertThat(asm).as("denali.inc: .equ %s", name).containsEntry(name, value));
  }

  @Test
  void cConstantsMatchTheIsa() {
    Map<String, Integer> c = cConstants();
    isaConstants().forEach((name, value) ->
        assertThat(c).as("denali.h: #define DENALI_%s", name).containsEntry(name, value));
  }

  @Test
  void assemblyAndCDefineTheSameConstants() {
    assertThat(cConstants()).containsAllEntriesOf(asmConstants());
  }

  @Test
  void theParsersFindWhatTheyShould() {
    assertThat(asmConstants()).containsEntry("SYS_WRITE", 64).containsEntry("IDLE_FOREVER", -1)
        .containsEntry("VREG_MAGIC_VALUE", 0x494c4e44).hasSizeGreaterThan(40);
    assertThat(cConstants()).containsEntry("SYS_WRITE", 64).containsEntry("IDLE_FOREVER", -1)
        .containsEntry("VREG_MAGIC_VALUE", 0x494c4e44).hasSizeGreaterThan(40);
  }
}
