/*
 * bytecode.c: a bytecode interpreter. A tiny stack machine with 28 opcodes, dispatched by one
 * dense switch (which gcc compiles to a jump table), with locals, a return stack for calls and
 * conditional jumps. Programs are put together at start by a small assembler with labels. Each
 * repetition runs three programs whose sizes depend on the seed: counting primes by trial
 * division, recursive Fibonacci through CALL/RET, and the total number of Collatz steps over a
 * range; each result is checked against the same computation written in C.
 */
#define SUITE_NAME "bytecode"
#define SUITE_DEFAULT_ITERS 8
/* Both computed by running the native build: gcc -O2 -DNATIVE_BENCH [-DITERS=1] bytecode.c */
#define SUITE_CHECK_ONE 0x90f6b825u
#define SUITE_CHECK_DEFAULT 0xdb54d4feu
#include "suite.h"

SUITE_SETTINGS("memory=1M", "stack=64K", "service=suite-bytecode");

enum opcode {
  OP_HALT, OP_PUSH, OP_POP, OP_DUP, OP_SWAP, OP_OVER, OP_ADD, OP_SUB, OP_MUL, OP_DIVU,
  OP_REMU, OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHRU, OP_LTU, OP_EQ, OP_JMP, OP_JZ, OP_JNZ,
  OP_LOAD, OP_STORE, OP_INC, OP_DEC, OP_CALL, OP_RET, OP_NOT
};

#define CODE_CAP 256
#define STACK_CAP 256
#define LOCALS 8
#define LABELS 16

struct program {
  int32_t code[CODE_CAP];
  uint32_t length;
  uint32_t label_at[LABELS];     /* where each label was defined */
  uint32_t fixup_at[CODE_CAP];   /* operands waiting for a label */
  uint32_t fixup_label[CODE_CAP];
  uint32_t fixups;
};

/* ---- the assembler ---- */

static void op(struct program *p, enum opcode o) {
  p->code[p->length++] = (int32_t)o;
}

static void op_arg(struct program *p, enum opcode o, int32_t arg) {
  p->code[p->length++] = (int32_t)o;
  p->code[p->length++] = arg;
}

static void op_label(struct program *p, enum opcode o, uint32_t label) {
  p->code[p->length++] = (int32_t)o;
  p->fixup_at[p->fixups] = p->length;
  p->fixup_label[p->fixups++] = label;
  p->code[p->length++] = -1;
}

static void define(struct program *p, uint32_t label) {
  p->label_at[label] = p->length;
}

static void link(struct program *p) {
  for (uint32_t i = 0; i < p->fixups; i++) {
    p->code[p->fixup_at[i]] = (int32_t)p->label_at[p->fixup_label[i]];
  }
}

/* ---- the machine ---- */

struct machine {
  uint32_t stack[STACK_CAP];
  uint32_t returns[STACK_CAP];
  uint32_t locals[LOCALS];
  uint32_t executed;
};

/* Runs p from 0 until HALT; returns the top of the stack. */
static uint32_t execute(const struct program *p, struct machine *m) {
  const int32_t *code = p->code;
  uint32_t *sp = m->stack; /* points at the next free slot */
  uint32_t *rp = m->returns;
  uint32_t pc = 0;
  uint32_t executed = 0;
  uint32_t a;
  while (1) {
    executed++;
    switch ((enum opcode)code[pc++]) {
      case OP_HALT:
        m->executed += executed;
        return sp[-1];
      case OP_PUSH:
        *sp++ = (uint32_t)code[pc++];
        break;
      case OP_POP:
        sp--;
        break;
      case OP_DUP:
        *sp = sp[-1];
        sp++;
        break;
      case OP_SWAP:
        a = sp[-1];
        sp[-1] = sp[-2];
        sp[-2] = a;
        break;
      case OP_OVER:
        *sp = sp[-2];
        sp++;
        break;
      case OP_ADD:
        sp--;
        sp[-1] += sp[0];
        break;
      case OP_SUB:
        sp--;
        sp[-1] -= sp[0];
        break;
      case OP_MUL:
        sp--;
        sp[-1] *= sp[0];
        break;
      case OP_DIVU:
        sp--;
        sp[-1] = sp[0] == 0 ? 0xFFFFFFFFu : sp[-1] / sp[0];
        break;
      case OP_REMU:
        sp--;
        sp[-1] = sp[0] == 0 ? sp[-1] : sp[-1] % sp[0];
        break;
      case OP_AND:
        sp--;
        sp[-1] &= sp[0];
        break;
      case OP_OR:
        sp--;
        sp[-1] |= sp[0];
        break;
      case OP_XOR:
        sp--;
        sp[-1] ^= sp[0];
        break;
      case OP_SHL:
        sp--;
        sp[-1] <<= sp[0] & 31;
        break;
      case OP_SHRU:
        sp--;
        sp[-1] >>= sp[0] & 31;
        break;
      case OP_LTU:
        sp--;
        sp[-1] = sp[-1] < sp[0];
        break;
      case OP_EQ:
        sp--;
        sp[-1] = sp[-1] == sp[0];
        break;
      case OP_JMP:
        pc = (uint32_t)code[pc];
        break;
      case OP_JZ:
        pc = *--sp == 0 ? (uint32_t)code[pc] : pc + 1;
        break;
      case OP_JNZ:
        pc = *--sp != 0 ? (uint32_t)code[pc] : pc + 1;
        break;
      case OP_LOAD:
        *sp++ = m->locals[code[pc++]];
        break;
      case OP_STORE:
        m->locals[code[pc++]] = *--sp;
        break;
      case OP_INC:
        m->locals[code[pc++]]++;
        break;
      case OP_DEC:
        m->locals[code[pc++]]--;
        break;
      case OP_CALL:
        if (rp == m->returns + STACK_CAP) {
          suite_fail("return stack overflow", pc);
        }
        *rp++ = pc + 1;
        pc = (uint32_t)code[pc];
        break;
      case OP_RET:
        pc = *--rp;
        break;
      case OP_NOT:
        sp[-1] = ~sp[-1];
        break;
      default:
        suite_fail("bad opcode", (uint32_t)code[pc - 1]);
    }
    if (sp < m->stack || sp > m->stack + STACK_CAP - 2) {
      suite_fail("stack out of bounds", pc);
    }
  }
}

/* ---- the programs ---- */

enum { N = 0, D = 1, COUNT = 2, LIMIT = 3, STEPS = 4 };

/* How many primes are below locals[LIMIT]. */
static void assemble_primes(struct program *p) {
  enum { LOOP_N, LOOP_D, PRIME, NEXT_N, DONE };
  op_arg(p, OP_PUSH, 0);
  op_arg(p, OP_STORE, COUNT);
  op_arg(p, OP_PUSH, 2);
  op_arg(p, OP_STORE, N);
  define(p, LOOP_N);
  op_arg(p, OP_LOAD, N);
  op_arg(p, OP_LOAD, LIMIT);
  op(p, OP_LTU);
  op_label(p, OP_JZ, DONE);
  op_arg(p, OP_PUSH, 2);
  op_arg(p, OP_STORE, D);
  define(p, LOOP_D);
  op_arg(p, OP_LOAD, N);
  op_arg(p, OP_LOAD, D);
  op(p, OP_DUP);
  op(p, OP_MUL);
  op(p, OP_LTU); /* n < d*d: prime */
  op_label(p, OP_JNZ, PRIME);
  op_arg(p, OP_LOAD, N);
  op_arg(p, OP_LOAD, D);
  op(p, OP_REMU);
  op_label(p, OP_JZ, NEXT_N);
  op_arg(p, OP_INC, D);
  op_label(p, OP_JMP, LOOP_D);
  define(p, PRIME);
  op_arg(p, OP_INC, COUNT);
  define(p, NEXT_N);
  op_arg(p, OP_INC, N);
  op_label(p, OP_JMP, LOOP_N);
  define(p, DONE);
  op_arg(p, OP_LOAD, COUNT);
  op(p, OP_HALT);
  link(p);
}

/* fib(locals[N]), recursively: the argument and the result on the stack. */
static void assemble_fib(struct program *p) {
  enum { FIB, RECURSE };
  op_arg(p, OP_LOAD, N);
  op_label(p, OP_CALL, FIB);
  op(p, OP_HALT);
  define(p, FIB);
  op(p, OP_DUP);
  op_arg(p, OP_PUSH, 2);
  op(p, OP_LTU);
  op_label(p, OP_JZ, RECURSE);
  op(p, OP_RET);
  define(p, RECURSE);
  op(p, OP_DUP);
  op_arg(p, OP_PUSH, 1);
  op(p, OP_SUB);
  op_label(p, OP_CALL, FIB);
  op(p, OP_SWAP);
  op_arg(p, OP_PUSH, 2);
  op(p, OP_SUB);
  op_label(p, OP_CALL, FIB);
  op(p, OP_ADD);
  op(p, OP_RET);
  link(p);
}

/* The total number of Collatz steps of 1 .. locals[LIMIT]-1. */
static void assemble_collatz(struct program *p) {
  enum { LOOP_N, STEP, EVEN, NEXT_N, DONE };
  op_arg(p, OP_PUSH, 0);
  op_arg(p, OP_STORE, STEPS);
  op_arg(p, OP_PUSH, 1);
  op_arg(p, OP_STORE, N);
  define(p, LOOP_N);
  op_arg(p, OP_LOAD, N);
  op_arg(p, OP_LOAD, LIMIT);
  op(p, OP_LTU);
  op_label(p, OP_JZ, DONE);
  op_arg(p, OP_LOAD, N);
  define(p, STEP); /* the value is on the stack */
  op(p, OP_DUP);
  op_arg(p, OP_PUSH, 1);
  op(p, OP_EQ);
  op_label(p, OP_JNZ, NEXT_N);
  op_arg(p, OP_INC, STEPS);
  op(p, OP_DUP);
  op_arg(p, OP_PUSH, 1);
  op(p, OP_AND);
  op_label(p, OP_JZ, EVEN);
  op(p, OP_DUP);
  op(p, OP_DUP);
  op(p, OP_ADD);
  op(p, OP_ADD);
  op_arg(p, OP_PUSH, 1);
  op(p, OP_ADD); /* 3x + 1 */
  op_label(p, OP_JMP, STEP);
  define(p, EVEN);
  op_arg(p, OP_PUSH, 1);
  op(p, OP_SHRU);
  op_label(p, OP_JMP, STEP);
  define(p, NEXT_N);
  op(p, OP_POP);
  op_arg(p, OP_INC, N);
  op_label(p, OP_JMP, LOOP_N);
  define(p, DONE);
  op_arg(p, OP_LOAD, STEPS);
  op(p, OP_HALT);
  link(p);
}

/* ---- the same computations in C ---- */

static uint32_t primes_below(uint32_t limit) {
  uint32_t count = 0;
  for (uint32_t n = 2; n < limit; n++) {
    uint32_t d = 2;
    while (d * d <= n && n % d != 0) {
      d++;
    }
    count += d * d > n;
  }
  return count;
}

static uint32_t fib(uint32_t n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static uint32_t collatz_steps(uint32_t limit) {
  uint32_t steps = 0;
  for (uint32_t n = 1; n < limit; n++) {
    for (uint32_t x = n; x != 1; x = (x & 1) ? 3 * x + 1 : x >> 1) {
      steps++;
    }
  }
  return steps;
}

static struct program primes_program;
static struct program fib_program;
static struct program collatz_program;

static uint32_t run_program(const struct program *p, uint32_t local, uint32_t value,
    uint32_t expected, const char *what, uint32_t *executed) {
  struct machine m;
  memset(&m, 0, sizeof m);
  m.locals[local] = value;
  uint32_t got = execute(p, &m);
  if (got != expected) {
    suite_fail(what, got);
  }
  *executed += m.executed;
  return got;
}

static uint32_t run_once(uint32_t seed) {
  static int assembled;
  if (!assembled) {
    assemble_primes(&primes_program);
    assemble_fib(&fib_program);
    assemble_collatz(&collatz_program);
    assembled = 1;
  }
  uint32_t rng = suite_state(seed);
  uint32_t executed = 0;
  uint32_t limit = 2000 + suite_below(&rng, 500);
  uint32_t n = 14 + suite_below(&rng, 3);
  uint32_t range = 600 + suite_below(&rng, 200);
  uint32_t h = run_program(&primes_program, LIMIT, limit, primes_below(limit),
      "primes: the bytecode and C disagree", &executed);
  h = suite_mix(h, run_program(&fib_program, N, n, fib(n), "fib: the bytecode and C disagree",
      &executed));
  h = suite_mix(h, run_program(&collatz_program, LIMIT, range, collatz_steps(range),
      "collatz: the bytecode and C disagree", &executed));
  return suite_mix(h, executed);
}
