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
 * needs. The generated classes are in another runtime package than the emulator's (same name,
 * other loader), so what they use of it is public: {@link JitContext}, {@link JitRuntime},
 * {@link UnsafeMemory}, {@link TranslatedFunction}.
 */
final class ProgramClassLoader extends ClassLoader {
  private static final String ANCHOR = ProgramClassLoader.class.getPackageName() + ".Anchor";

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

  /** {@code public final class Anchor { public static Lookup lookup() { ... } } }. */
  private static byte[] anchorClass() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, ANCHOR.replace('.', '/'), null,
        "java/lang/Object", null);
    String lookup = "()Ljava/lang/invoke/MethodHandles$Lookup;";
    MethodVisitor m = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, "lookup", lookup, null, null);
    m.visitCode();
    m.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup", lookup, false);
    m.visitInsn(ARETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }
}
