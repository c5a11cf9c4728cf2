package dev.denali.asm.link;

import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.Diagnostic;
import dev.denali.asm.SourceLocation;
import dev.denali.asm.source.Expr;
import dev.denali.asm.source.Operand;
import dev.denali.asm.source.Operators;
import dev.denali.asm.source.SourceParser;
import dev.denali.asm.source.Statement;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Assembles and links the statements of several files into one image. Three stages:
 *
 * <ol>
 *   <li>structure: walk every statement once, assign each to a section chunk, define symbols;
 *   <li>layout: size every statement with the current symbol values, repeatedly, until no size
 *       and no chunk address changes (only {@code li}, {@code .align} and expressions over
 *       labels make sizes depend on values);
 *   <li>final: encode everything with the settled addresses, reporting every error.
 * </ol>
 *
 * <p>Longer than 500 lines: the three stages and expression evaluation share the item, offset
 * and symbol state of one assembly; split apart, they would pass all of it around.
 */
public final class Assembly {
  private static final int MAX_LAYOUT_PASSES = 20;

  private final List<List<Statement>> files;
  private final List<String> fileNames;
  private final AssemblerOptions options;
  private final List<Diagnostic> diagnostics;
  private final SymbolTable symbols;
  private final List<Item> items = new ArrayList<>();
  private final List<Map<Chunk.Kind, Chunk>> chunks = new ArrayList<>();
  private final Map<String, String> types = new HashMap<>();
  private final Map<String, SizeDef> sizes = new HashMap<>();

  /** A {@code .size} directive: the symbol's file and the size expression. */
  record SizeDef(int file, Expr expr, SourceLocation at) {}
  private long[] offsets;
  private boolean[] relaxedItems;
  private int passNumber;
  private final java.util.ArrayDeque<Chunk> sectionStack = new java.util.ArrayDeque<>();
  private Chunk previousSection;
  private int[] itemSizes;
  private final Map<Long, Long> pcrelHi = new HashMap<>();
  private final List<Listing.Row> listing = new ArrayList<>();
  private boolean wantListing;

  public Assembly(List<List<Statement>> files, List<String> fileNames, AssemblerOptions options,
      List<Diagnostic> diagnostics) {
    this.files = files;
    this.fileNames = fileNames;
    this.options = options;
    this.diagnostics = diagnostics;
    this.symbols = new SymbolTable(files.size());
    this.wantListing = options.listing();
  }

  /** Runs all stages; returns the linked image, or null when there were errors. */
  public LinkResult run() {
    structure();
    symbols.linkGlobals(fileNames, diagnostics);
    offsets = new long[items.size()];
    itemSizes = new int[items.size()];
    relaxedItems = new boolean[items.size()];
    symbols.useOffsets(offsets);
    boolean settled = false;
    for (int pass = 0; pass < MAX_LAYOUT_PASSES && !settled; pass++) {
      settled = pass(false);
    }
    if (!settled) {
      diagnostics.add(Diagnostic.error(SourceLocation.ofFile(fileNames.get(0)),
          "the layout does not settle: sizes depend on each other in a cycle"));
      return null;
    }
    if (!fitsInMemory()) {
      return null;
    }
    pass(true);
    for (SizeDef s : sizes.values()) {
      try {
        evalForLinker(s.expr(), s.file());
      } catch (AsmError e) {
        diagnostics.add(Diagnostic.error(s.at(), e.getMessage()));
      } catch (ArithmeticException e) {
        diagnostics.add(Diagnostic.error(s.at(), e.getMessage()));
      }
    }
    if (errorCount() > 0) {
      return null;
    }
    return new Linker(this).link();
  }

  /** The largest initialized image: as much as the loader accepts. */
  private static final long MAX_INITIALIZED = 64L << 20;

  /**
   * Checks the settled layout before any byte is stored: the program must fit in the largest
   * guest memory and its initialized sections in what the loader accepts.
   */
  private boolean fitsInMemory() {
    long initialized = 0;
    long end = 0;
    for (Map<Chunk.Kind, Chunk> fileChunks : chunks) {
      for (Chunk c : fileChunks.values()) {
        if (c.kind != Chunk.Kind.BSS && c.kind != Chunk.Kind.NOTE) {
          initialized += c.size;
        }
        end = Math.max(end, c.address + c.size);
      }
    }
    String first = fileNames.get(0);
    if (end > dev.denali.isa.MemoryMap.MAX_MEMORY) {
      diagnostics.add(Diagnostic.error(SourceLocation.ofFile(first), String.format(
          "the program ends at 0x%x, beyond the largest guest memory (1 GiB)", end)));
      return false;
    }
    if (initialized > MAX_INITIALIZED) {
      diagnostics.add(Diagnostic.error(SourceLocation.ofFile(first), "the program has "
          + initialized + " bytes of code and initialized data, more than the "
          + (MAX_INITIALIZED >> 20) + " MiB a guest binary may hold; use .bss for zeros"));
      return false;
    }
    return true;
  }

  private int errorCount() {
    int n = 0;
    for (Diagnostic d : diagnostics) {
      if (d.severity() == Diagnostic.Severity.ERROR) {
        n++;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------------------- structure

  private Chunk chunk(int file, Chunk.Kind kind) {
    return chunks.get(file).computeIfAbsent(kind, k -> new Chunk(file, k));
  }

  private void structure() {
    for (int f = 0; f < files.size(); f++) {
      chunks.add(new EnumMap<>(Chunk.Kind.class));
      Chunk current = chunk(f, Chunk.Kind.TEXT);
      previousSection = current;
      sectionStack.clear();
      for (Statement st : files.get(f)) {
        try {
          Chunk next = structure(f, st, current);
          if (next != current) {
            previousSection = current;
          }
          current = next;
        } catch (AsmError e) {
          diagnostics.add(Diagnostic.error(e.at(), e.getMessage()));
        }
      }
    }
  }

  private Chunk structure(int f, Statement st, Chunk current) {
    if (st instanceof Statement.Label l) {
      SymbolTable.Def old = symbols.defineLabel(f, l.name(), items.size(), current, l.at());
      if (old != null) {
        throw new AsmError(l.at(), "symbol '" + SourceParser.displayName(l.name())
            + "' is already defined at line " + old.at().line());
      }
      items.add(new Item(f, st, current));
      return current;
    }
    if (st instanceof Statement.Assignment a) {
      assign(f, a.name(), a.expr(), a.at(), st, current);
      return current;
    }
    Statement.Operation op = (Statement.Operation) st;
    String name = op.name().toLowerCase(Locale.ROOT);
    if (!name.startsWith(".") || Directives.PLACING.contains(name)) {
      items.add(new Item(f, st, current));
      return current;
    }
    List<Operand> ops = op.operands();
    switch (name) {
      case ".text":
        return chunk(f, Chunk.Kind.TEXT);
      case ".data":
        return chunk(f, Chunk.Kind.DATA);
      case ".rodata":
        return chunk(f, Chunk.Kind.RODATA);
      case ".bss":
        return chunk(f, Chunk.Kind.BSS);
      case ".section":
        return chunk(f, sectionKind(op));
      case ".pushsection":
        sectionStack.push(current);
        return chunk(f, sectionKind(op));
      case ".popsection":
        if (sectionStack.isEmpty()) {
          throw new AsmError(op.at(), ".popsection without .pushsection");
        }
        return sectionStack.pop();
      case ".previous":
        return previousSection;
      case ".globl":
      case ".global":
      case ".weak":
        for (Operand o : ops) {
          symbols.export(f, symbolName(o), o.at());
        }
        return current;
      case ".local":
      case ".file":
      case ".ident":
      case ".attribute":
      case ".cfi_startproc":
      case ".cfi_endproc":
      case ".addrsig":
      case ".addrsig_sym":
        return current;
      case ".type":
        if (ops.size() == 2) {
          String t = ops.get(1) instanceof Operand.ExprOperand e ? e.text() : "";
          types.put(symbolName(ops.get(0)), t.replace("@", "").replace("%", "").trim());
        }
        return current;
      case ".size":
        if (ops.size() == 2 && ops.get(1) instanceof Operand.ExprOperand e) {
          sizes.put(symbolName(ops.get(0)), new SizeDef(f, e.expr(), e.at()));
        }
        return current;
      case ".equ":
      case ".set":
      case ".eqv":
      case ".equiv":
        if (ops.size() != 2 || !(ops.get(1) instanceof Operand.ExprOperand value)) {
          throw new AsmError(op.at(), name + " takes a symbol and a value (" + name
              + " name, expr)");
        }
        if (name.equals(".equiv") && symbols.isDefined(f, symbolName(ops.get(0)))) {
          throw new AsmError(ops.get(0).at(), ".equiv: '" + symbolName(ops.get(0))
              + "' is already defined");
        }
        assign(f, symbolName(ops.get(0)), value.expr(), ops.get(0).at(), st, current);
        return current;
      case ".option":
        option(op);
        return current;
      default:
        throw new AsmError(op.at(), "unknown directive '" + op.name() + "'");
    }
  }

  /**
   * Records an assignment. It also becomes a zero-size item, so that {@code .} in its expression
   * means the location where it stands.
   */
  private void assign(int f, String name, Expr expr, SourceLocation at, Statement st,
      Chunk current) {
    if (dev.denali.isa.Registers.parse(name) >= 0) {
      throw new AsmError(at, "'" + name + "' is a register name and cannot be a symbol");
    }
    SymbolTable.Def clash = symbols.assign(f, name, items.size(), expr, at);
    if (clash != null) {
      throw new AsmError(at, "'" + name + "' is a label (line " + clash.at().line()
          + ") and cannot be assigned");
    }
    items.add(new Item(f, st, current));
  }

  private static String symbolName(Operand o) {
    if (o instanceof Operand.ExprOperand e && e.expr() instanceof Expr.Sym s) {
      return s.name();
    }
    throw new AsmError(o.at(), "expected a symbol name");
  }

  private static Chunk.Kind sectionKind(Statement.Operation op) {
    if (op.operands().isEmpty()) {
      throw new AsmError(op.at(), ".section needs a section name");
    }
    Operand o = op.operands().get(0);
    String name = o instanceof Operand.ExprOperand e ? e.text().trim()
        : o instanceof Operand.StringOperand s ? s.value() : "";
    if (name.equals(".text") || name.startsWith(".text.")) {
      return Chunk.Kind.TEXT;
    }
    if (name.equals(".rodata") || name.startsWith(".rodata.") || name.startsWith(".srodata")) {
      return Chunk.Kind.RODATA;
    }
    if (name.equals(".data") || name.startsWith(".data.") || name.startsWith(".sdata")) {
      return Chunk.Kind.DATA;
    }
    if (name.equals(".bss") || name.startsWith(".bss.") || name.startsWith(".sbss")) {
      return Chunk.Kind.BSS;
    }
    if (name.equals(dev.denali.isa.GuestNote.SECTION)) {
      return Chunk.Kind.NOTE;
    }
    throw new AsmError(o.at(), "unsupported section '" + name + "': a Denali binary has"
        + " .text, .rodata, .data, .bss and " + dev.denali.isa.GuestNote.SECTION);
  }

  private static void option(Statement.Operation op) {
    if (op.operands().size() != 1) {
      return;
    }
    Operand o = op.operands().get(0);
    String v = o instanceof Operand.ExprOperand e ? e.text().trim() : "";
    switch (v) {
      case "rvc":
        throw new AsmError(o.at(), ".option rvc: compressed instructions are not part of the"
            + " Denali ISA (RV32IM); remove it or use .option norvc");
      case "norvc", "push", "pop", "relax", "norelax", "pic", "nopic", "nocsr-check",
          "csr-check":
        return;
      default:
        throw new AsmError(o.at(), "unknown .option '" + v + "'");
    }
  }

  // ---------------------------------------------------------------------------- passes

  /** One pass over all items; returns true when nothing moved since the previous pass. */
  private boolean pass(boolean finalPass) {
    passNumber++;
    symbols.startPass();
    boolean stable = true;
    for (Map<Chunk.Kind, Chunk> fileChunks : chunks) {
      for (Chunk c : fileChunks.values()) {
        c.size = 0;
        c.bytes = finalPass ? new ByteArrayOutputStream(16) : null;
      }
    }
    pcrelHi.clear();
    listing.clear();
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      Chunk chunk = item.chunk();
      if (offsets[i] != chunk.size) {
        stable = false;
      }
      offsets[i] = chunk.size;
      int size = place(i, item, finalPass);
      if (size != itemSizes[i]) {
        if (finalPass) {
          throw new IllegalStateException("BUG: size of item " + i + " changed in final pass");
        }
        stable = false;
        itemSizes[i] = size;
      }
      chunk.size += size;
    }
    padCodeEnds(finalPass);
    if (!new Linker(this).placeChunks()) {
      stable = false;
    }
    return stable;
  }

  /** As GNU as does, code sections end padded to their alignment (at least 4) with nops. */
  private void padCodeEnds(boolean finalPass) {
    for (Map<Chunk.Kind, Chunk> fileChunks : chunks) {
      Chunk c = fileChunks.get(Chunk.Kind.TEXT);
      if (c == null) {
        continue;
      }
      int align = Math.max(4, c.alignment);
      int pad = (int) ((align - c.size % align) % align);
      if (pad > 0) {
        Output out = new Output(finalPass);
        Directives.codePadding(out, c.size, pad);
        if (finalPass) {
          out.writeTo(c.bytes);
        }
        c.size += pad;
      }
    }
  }

  private int place(int index, Item item, boolean finalPass) {
    if (!(item.statement() instanceof Statement.Operation op) || isAssignment(op)) {
      if (finalPass && wantListing && item.statement() instanceof Statement.Label) {
        listing.add(new Listing.Row(item.chunk().address + offsets[index], new byte[0], false,
            item.statement().at()));
      }
      return 0;
    }
    Chunk chunk = item.chunk();
    Output out = new Output(finalPass && chunk.kind != Chunk.Kind.BSS);
    Ctx ctx = new Ctx(item.file(), index, chunk.address + offsets[index], finalPass);
    Operands ops = new Operands(op.name(), op.operands(), op.at(), ctx);
    boolean code = false;
    try {
      if (op.name().startsWith(".")) {
        Directives.run(op, ops, chunk, offsets[index], out);
      } else {
        if (chunk.kind != Chunk.Kind.TEXT) {
          throw new AsmError(op.at(), "instruction '" + op.name() + "' outside .text: data"
              + " sections are never executable");
        }
        code = true;
        for (int w : InstructionEncoder.encode(ops)) {
          out.word(w);
        }
      }
    } catch (AsmError e) {
      if (finalPass) {
        diagnostics.add(Diagnostic.error(e.at(), e.getMessage()));
      }
      out = failed(index, finalPass);
    } catch (ArithmeticException e) {
      if (finalPass) {
        diagnostics.add(Diagnostic.error(op.at(), e.getMessage()));
      }
      out = failed(index, finalPass);
    }
    if (finalPass && chunk.kind != Chunk.Kind.BSS) {
      out.writeTo(chunk.bytes);
      if (wantListing) {
        listing.add(new Listing.Row(ctx.pc, out.bytes(), code, op.at()));
      }
    }
    return out.count();
  }

  private static boolean isAssignment(Statement.Operation op) {
    String n = op.name().toLowerCase(Locale.ROOT);
    return n.equals(".equ") || n.equals(".set") || n.equals(".equiv") || n.equals(".eqv");
  }

  /** Output of a statement with an error: as long as the layout said, so nothing moves. */
  private Output failed(int index, boolean finalPass) {
    Output out = new Output(finalPass && items.get(index).chunk().kind != Chunk.Kind.BSS);
    out.fill(finalPass ? itemSizes[index] : 0, 0);
    return out;
  }

  /** The evaluation context of one item. */
  private final class Ctx implements Context {
    final int file;
    final int index;
    final long pc;
    final boolean finalPass;

    Ctx(int file, int index, long pc, boolean finalPass) {
      this.file = file;
      this.index = index;
      this.pc = pc;
      this.finalPass = finalPass;
    }

    @Override
    public long pc() {
      return pc;
    }

    @Override
    public boolean finalPass() {
      return finalPass;
    }

    @Override
    public Value eval(Expr e, SourceLocation at) {
      return Assembly.this.eval(e, file, index, at, pc, finalPass);
    }

    @Override
    public boolean firstPass() {
      return passNumber == 1;
    }

    @Override
    public boolean relaxed() {
      return relaxedItems[index];
    }

    @Override
    public void markRelaxed() {
      relaxedItems[index] = true;
    }

    @Override
    public void pcrelHi(long address, long target) {
      pcrelHi.put(address, target);
    }

    @Override
    public Long pcrelHiTarget(long address) {
      return pcrelHi.get(address);
    }
  }

  Value eval(Expr e, int file, int index, SourceLocation at, long pc, boolean finalPass) {
    if (e instanceof Expr.Num n) {
      return Value.absolute(n.value());
    }
    if (e instanceof Expr.Parens p) {
      return eval(p.inner(), file, index, at, pc, finalPass);
    }
    if (e instanceof Expr.Sym s) {
      if (s.name().equals(".")) {
        Item item = index < items.size() ? items.get(index) : null;
        return item == null ? Value.absolute(pc) : new Value(pc, item.chunk());
      }
      if (dev.denali.isa.Registers.parse(s.name()) >= 0) {
        throw new AsmError(at, "register '" + s.name() + "' used where a value is expected");
      }
      return symbols.symbol(file, index, s.name(), at,
          (x, f, i, a) -> eval(x, f, i, a, locationOf(i, pc), finalPass), finalPass);
    }
    if (e instanceof Expr.Unary u) {
      Value v = eval(u.operand(), file, index, at, pc, finalPass);
      return new Value(Operators.unary(u.op(), v.value()), v.base());
    }
    if (e instanceof Expr.Binary b) {
      Value l = eval(b.left(), file, index, at, pc, finalPass);
      Value r = eval(b.right(), file, index, at, pc, finalPass);
      long v;
      try {
        v = Operators.binary(b.op(), l.value(), r.value());
      } catch (ArithmeticException divisionOrShift) {
        if (!finalPass) {
          return Value.absolute(0);
        }
        throw new AsmError(at, divisionOrShift.getMessage());
      }
      Chunk base;
      if (b.op().equals("-") && l.base() == r.base() || Operators.isComparison(b.op())) {
        base = null;
      } else {
        base = l.base() != null ? l.base() : r.base();
      }
      return new Value(v, base);
    }
    if (e instanceof Expr.Reloc r) {
      return Value.absolute(relocate(r, file, index, at, pc, finalPass));
    }
    if (e instanceof Expr.Dot) {
      return Value.absolute(pc);
    }
    throw new IllegalStateException("BUG: expression " + e);
  }

  /** The address of item {@code i} (where {@code .} is there), or {@code fallback}. */
  private long locationOf(int i, long fallback) {
    if (i < 0 || i >= items.size()) {
      return fallback;
    }
    return items.get(i).chunk().address + offsets[i];
  }

  private long relocate(Expr.Reloc r, int file, int index, SourceLocation at, long pc,
      boolean finalPass) {
    long v = eval(r.operand(), file, index, at, pc, finalPass).value();
    switch (r.function()) {
      case "hi":
        return Words.split(v)[0];
      case "lo":
        return Words.split(v)[1];
      case "pcrel_hi":
        pcrelHi.put(pc, v);
        return Words.split(v - pc)[0];
      case "pcrel_lo": {
        Long target = pcrelHi.get(v);
        if (target == null) {
          if (finalPass) {
            throw new AsmError(at, "%pcrel_lo must name the label of an earlier instruction"
                + " that uses %pcrel_hi");
          }
          return 0;
        }
        return Words.split(target - v)[1];
      }
      default:
        throw new IllegalStateException("BUG: relocation " + r.function());
    }
  }

  // ---------------------------------------------------------------------------- for Linker

  List<Map<Chunk.Kind, Chunk>> chunks() {
    return chunks;
  }

  SymbolTable symbols() {
    return symbols;
  }

  List<String> fileNames() {
    return fileNames;
  }

  AssemblerOptions options() {
    return options;
  }

  List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  Map<String, String> types() {
    return types;
  }

  Map<String, SizeDef> sizes() {
    return sizes;
  }

  List<Listing.Row> listingRows() {
    return listing;
  }

  long offset(int item) {
    return offsets[item];
  }

  Value evalForLinker(Expr e, int file) {
    return eval(e, file, Integer.MAX_VALUE, SourceLocation.ofFile(fileNames.get(file)), 0,
        true);
  }
}
