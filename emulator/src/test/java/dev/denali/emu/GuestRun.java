package dev.denali.emu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import dev.denali.emu.interp.Interpreter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Test helper: assembles a guest, runs it to its end on an engine and keeps what it printed.
 */
public final class GuestRun {
  public final Vm vm;
  public final Runner.Result result;
  private final ByteArrayOutputStream out;

  private GuestRun(Vm vm, Runner.Result result, ByteArrayOutputStream out) {
    this.vm = vm;
    this.result = result;
    this.out = out;
  }

  /** Assembles {@code source} (which must define _start) and loads it. */
  public static GuestProgram program(String source) {
    AssemblyResult r = Assembler.assemble(List.of(SourceFile.of("guest.s", source)),
        AssemblerOptions.defaults());
    assertThat(r.ok()).as(r.formatDiagnostics()).isTrue();
    try {
      return ProgramLoader.load("guest", r.elf());
    } catch (LoadException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  public static GuestRun run(String source) {
    return run(program(source), new Interpreter(), Runner.Options.defaults());
  }

  public static GuestRun run(GuestProgram program, Engine engine, Runner.Options options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Console console = (s, b, o, l) -> out.write(b, o, l);
    Vm vm = new Vm(program, 1, console, Clock.system());
    Runner.Result result = new Runner(engine, options, Clock.system()).run(vm);
    return new GuestRun(vm, result, out);
  }

  public String output() {
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
