package dev.denali.emu.jit;

/** Facts about generated class files that ASM's visitors do not report. */
final class ClassFiles {
  private ClassFiles() {}

  /**
   * HotSpot compiles no method with more bytecode than this ({@code HugeMethodLimit}, with
   * {@code -XX:+DontCompileHugeMethods}, the default): such a method would stay interpreted.
   */
  static final int HUGE_METHOD = 8000;

  /**
   * Where {@link #dump} writes generated classes: the directory the system property
   * {@code denali.jit.dump} names, or nowhere (the default).
   */
  private static final String DUMP = System.getProperty("denali.jit.dump");

  /**
   * Writes a generated class to the dump directory, if there is one, as
   * {@code <simple name>.class} (read it with {@code javap -c -p}); a failure to write is
   * reported on stderr and otherwise ignored.
   */
  static void dump(String name, byte[] classFile) {
    if (DUMP == null) {
      return;
    }
    java.nio.file.Path file = java.nio.file.Path.of(DUMP,
        name.substring(name.lastIndexOf('/') + 1) + ".class");
    try {
      java.nio.file.Files.createDirectories(file.getParent());
      java.nio.file.Files.write(file, classFile);
    } catch (java.io.IOException e) {
      System.err.println("denali: cannot dump " + file + ": " + e.getMessage());
    }
  }

  /**
   * With {@code -Ddenali.jit.debug=true}, prints one line per translated function: its blocks,
   * estimated bytecode size, pieces and the size of each generated method.
   */
  static void describe(String name, FunctionGraph g, Pieces pieces, byte[] classFile) {
    if (!DEBUG) {
      return;
    }
    int estimate = 0;
    for (int b = 0; b < g.blocks(); b++) {
      estimate += pieces.estimate(b);
    }
    System.err.printf("jit: %s blocks %d estimate %d pieces %d methods %s%n", name,
        g.blocks(), estimate, pieces.roots.length, methodCodeLengths(classFile));
  }

  private static final boolean DEBUG = Boolean.getBoolean("denali.jit.debug");

  /** The bytecode length of the largest method in {@code classFile}. */
  static int largestMethod(byte[] classFile) {
    int largest = 0;
    for (int length : methodCodeLengths(classFile).values()) {
      largest = Math.max(largest, length);
    }
    return largest;
  }

  /** The bytecode length of each method with code, by name and descriptor. */
  static java.util.Map<String, Integer> methodCodeLengths(byte[] classFile) {
    org.objectweb.asm.ClassReader cr = new org.objectweb.asm.ClassReader(classFile);
    char[] buf = new char[cr.getMaxStringLength()];
    java.util.Map<String, Integer> out = new java.util.LinkedHashMap<>();
    int p = cr.header + 6;
    p += 2 + 2 * cr.readUnsignedShort(p); // interfaces
    int fields = cr.readUnsignedShort(p);
    p += 2;
    for (int i = 0; i < fields; i++) {
      p = skipMember(cr, p);
    }
    int methods = cr.readUnsignedShort(p);
    p += 2;
    for (int m = 0; m < methods; m++) {
      String method = cr.readUTF8(p + 2, buf) + cr.readUTF8(p + 4, buf);
      int attrs = cr.readUnsignedShort(p + 6);
      p += 8;
      for (int a = 0; a < attrs; a++) {
        String attr = cr.readUTF8(p, buf);
        int len = cr.readInt(p + 2);
        if (attr.equals("Code")) {
          out.put(method, cr.readInt(p + 6 + 4));
        }
        p += 6 + len;
      }
    }
    return out;
  }

  private static int skipMember(org.objectweb.asm.ClassReader cr, int p) {
    int attrs = cr.readUnsignedShort(p + 6);
    p += 8;
    for (int a = 0; a < attrs; a++) {
      p += 6 + cr.readInt(p + 2);
    }
    return p;
  }
}
