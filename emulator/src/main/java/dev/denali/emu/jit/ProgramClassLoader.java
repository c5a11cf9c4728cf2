package dev.denali.emu.jit;

import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandles;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;

/**
 * The class loader of one program's translation: its generated classes are hidden classes
 * defined {@code STRONG} into it, so they share one class loader data in the JVM (rather than
 * one each, which a hidden class defined into the application's loader needs to be unloadable)
 * and are unloaded together when the program's {@link Translation} is no longer reachable.
 * Defining a class this way cost 8-12 us against 21-35 us with a class loader data of its own.
 *
 * <p>The loader holds one class of its own, an anchor in this package whose {@code lookup()}
 * hands out a full-power {@link MethodHandles.Lookup} on it, which {@code defineHiddenClass}
 * needs. Where translated code uses {@code sun.misc.Unsafe} ({@link LittleEndian#UNSAFE}), the
 * anchor also holds the unchecked loads and stores ({@code lw(mem, o)}, {@code sw(mem, o, v)}
 * and their kin: one {@code Unsafe} access each), package-private, so that only the program's
 * generated classes, which test the bounds before every call, can reach them. The generated
 * classes are in another runtime package than the emulator's (same name, other loader), so
 * what else they use of it is public, and checks what it is given: {@link JitContext},
 * {@link JitRuntime}, {@link UnsafeMemory} (the out-of-line paths), {@link ViewMemory},
 * {@link TranslatedFunction}.
 */
final class ProgramClassLoader extends ClassLoader {
  private static final String ANCHOR = ProgramClassLoader.class.getPackageName() + ".Anchor";
  /** The anchor's internal name: where generated code finds the unchecked accesses. */
  static final String ANCHOR_CLASS = ANCHOR.replace('.', '/');

  static {
    registerAsParallelCapable();
  }

  private ProgramClassLoader() {
    super("denali-program", ProgramClassLoader.class.getClassLoader());
  }

  /** A lookup that defines classes into a new program class loader. */
  static MethodHandles.Lookup newLookup() {
    ProgramClassLoader loader = new ProgramClassLoader();
    byte[] anchor = anchorClass();
    Class<?> c = loader.defineClass(ANCHOR, anchor, 0, anchor.length);
    try {
      return (MethodHandles.Lookup) c.getMethod("lookup").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("BUG: the program class loader's anchor", e);
    }
  }

  /**
   * {@code public final class Anchor { public static Lookup lookup() { ... } }}, and with
   * {@code Unsafe} its unchecked accesses (see the class comment).
   */
  private static byte[] anchorClass() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, ANCHOR_CLASS, null, "java/lang/Object",
        null);
    String lookup = "()Ljava/lang/invoke/MethodHandles$Lookup;";
    MethodVisitor m = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, "lookup", lookup, null, null);
    m.visitCode();
    m.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup", lookup, false);
    m.visitInsn(ARETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    if (LittleEndian.UNSAFE) {
      unsafeAccesses(cw);
    }
    cw.visitEnd();
    return cw.toByteArray();
  }

  private static final String UNSAFE = "sun/misc/Unsafe";

  /**
   * {@code static final Unsafe U} (from {@code Unsafe.theUnsafe}, as {@link LittleEndian} found
   * it) and {@code lw}, {@code lh}, {@code lb} {@code (byte[] mem, int o) -> int}, {@code sw},
   * {@code sh}, {@code sb} {@code (byte[] mem, int o, int value)}: package-private.
   */
  private static void unsafeAccesses(ClassWriter cw) {
    cw.visitField(ACC_STATIC | ACC_FINAL | ACC_PRIVATE, "U", "L" + UNSAFE + ";", null, null)
        .visitEnd();
    MethodVisitor m = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
    m.visitCode();
    m.visitLdcInsn(org.objectweb.asm.Type.getObjectType(UNSAFE));
    m.visitLdcInsn("theUnsafe");
    m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Class", "getDeclaredField",
        "(Ljava/lang/String;)Ljava/lang/reflect/Field;", false);
    m.visitInsn(DUP);
    m.visitInsn(ICONST_1);
    m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/reflect/Field", "setAccessible", "(Z)V", false);
    m.visitInsn(ACONST_NULL);
    m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/reflect/Field", "get",
        "(Ljava/lang/Object;)Ljava/lang/Object;", false);
    m.visitTypeInsn(CHECKCAST, UNSAFE);
    m.visitFieldInsn(PUTSTATIC, ANCHOR_CLASS, "U", "L" + UNSAFE + ";");
    m.visitInsn(RETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    access(cw, "lw", "getInt", "I", true, NOP);
    access(cw, "lh", "getShort", "S", true, NOP);
    access(cw, "lb", "getByte", "B", true, NOP);
    access(cw, "sw", "putInt", "I", false, NOP);
    access(cw, "sh", "putShort", "S", false, I2S);
    access(cw, "sb", "putByte", "B", false, I2B);
  }

  /**
   * One access: {@code U.<call>(mem, BASE + o)} for a load, or
   * {@code U.<call>(mem, BASE + o, (type) value)} for a store, {@code narrow} the conversion
   * to {@code type} ({@code NOP} for none).
   */
  private static void access(ClassWriter cw, String name, String call, String type,
      boolean load, int narrow) {
    MethodVisitor m = cw.visitMethod(ACC_STATIC, name, load ? "([BI)I" : "([BII)V", null, null);
    m.visitCode();
    m.visitFieldInsn(GETSTATIC, ANCHOR_CLASS, "U", "L" + UNSAFE + ";");
    m.visitVarInsn(ALOAD, 0);
    m.visitVarInsn(ILOAD, 1);
    m.visitInsn(I2L);
    m.visitLdcInsn(LittleEndian.BASE);
    m.visitInsn(LADD);
    if (load) {
      m.visitMethodInsn(INVOKEVIRTUAL, UNSAFE, call, "(Ljava/lang/Object;J)" + type, false);
      m.visitInsn(IRETURN);
    } else {
      m.visitVarInsn(ILOAD, 2);
      if (narrow != NOP) {
        m.visitInsn(narrow);
      }
      m.visitMethodInsn(INVOKEVIRTUAL, UNSAFE, call, "(Ljava/lang/Object;J" + type + ")V", false);
      m.visitInsn(RETURN);
    }
    m.visitMaxs(0, 0);
    m.visitEnd();
  }
}
