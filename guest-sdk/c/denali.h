/*
 * denali.h: the Denali virtual architecture for C guests (ISA manual, isa-spec/README.md).
 *
 *   - constants: ecall services, errno values, the memory map, virtual-register offsets and
 *     interrupt bits (the guest-sdk tests check each against the isa-spec Java constants);
 *   - the Denali virtual instructions as static inline functions (d_exit, d_idle, ...), written
 *     with the GNU/LLVM `.insn r 0x0b, funct3, funct7, rd, rs1, rs2` form (0x0b is CUSTOM_0;
 *     the number works in GNU as and in clang 14, which does not know the name);
 *   - ecall wrappers (denali_write, denali_exit, denali_clock_gettime64);
 *   - the counters (cycle, instret, time) and the virtual-register page;
 *   - DENALI_SETTINGS(...), the settings note, and DENALI_INTERRUPT_HANDLER(...), an interrupt
 *     entry that saves the registers, calls a C function and returns with d.iret.
 *
 * Build with -march=rv32im -mabi=ilp32 (no C extension: compressed instructions are illegal).
 * The Denali instructions fault (SIGILL) anywhere but on Denali; the ecall wrappers also work
 * under qemu-riscv32.
 */
#ifndef DENALI_H
#define DENALI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ ecall services (a7) */
#define DENALI_SYS_WRITE 64            /* write(fd, buf, count): bytes or -errno */
#define DENALI_SYS_EXIT 93             /* exit(status) */
#define DENALI_SYS_EXIT_GROUP 94       /* exit_group(status): same as exit */
#define DENALI_SYS_CLOCK_GETTIME64 403 /* clock_gettime64(clock, ts): 0 or -errno */
#define DENALI_CLOCK_REALTIME 0
#define DENALI_CLOCK_MONOTONIC 1
#define DENALI_STDOUT 1
#define DENALI_STDERR 2

/* ------------------------------------------------------------------ errno (results are -errno) */
#define DENALI_EIO 5
#define DENALI_EBADF 9
#define DENALI_EAGAIN 11
#define DENALI_EFAULT 14
#define DENALI_ENODEV 19
#define DENALI_EINVAL 22
#define DENALI_ENOSPC 28
#define DENALI_ENOSYS 38
#define DENALI_EMSGSIZE 90

/* ------------------------------------------------------------------ memory map */
#define DENALI_PAGE_SIZE 0x1000
#define DENALI_VREG_PAGE 0x1000
#define DENALI_TEXT_BASE 0x10000
#define DENALI_DEFAULT_MEMORY 0x100000  /* 1 MiB */
#define DENALI_MIN_MEMORY 0x20000       /* 128 KiB */
#define DENALI_MAX_MEMORY 0x40000000    /* 1 GiB */
#define DENALI_DEFAULT_STACK 0x10000    /* 64 KiB */

/* ------------------------------------------------------------------ virtual registers */
/* Byte offsets in the page at DENALI_VREG_PAGE (see struct denali_vregs). */
#define DENALI_VREG_MAGIC 0x00
#define DENALI_VREG_VERSION 0x04
#define DENALI_VREG_MEMORY_SIZE 0x08
#define DENALI_VREG_VM_ID 0x0c
#define DENALI_VREG_TIME_LO 0x10
#define DENALI_VREG_TIME_HI 0x14
#define DENALI_VREG_PENDING 0x18
#define DENALI_VREG_ENABLED 0x1c
#define DENALI_VREG_HANDLER 0x20
#define DENALI_VREG_SAVED_PC 0x24
#define DENALI_VREG_DELIVERED 0x28
#define DENALI_VREG_TIMER_LO 0x2c
#define DENALI_VREG_TIMER_HI 0x30
#define DENALI_VREG_DISK_BLOCKS 0x34
#define DENALI_VREG_DISK_BLOCK_SIZE 0x38
#define DENALI_VREG_NET_MTU 0x3c
#define DENALI_VREG_IN_HANDLER 0x40
#define DENALI_VREG_USED_BYTES 0x44
#define DENALI_VREG_MAGIC_VALUE 0x494c4e44u /* "DNLI" in memory order */
#define DENALI_VREG_VERSION_VALUE 1
#define DENALI_VREG_DISK_BLOCK_SIZE_VALUE 4096
#define DENALI_IRQ_TIMER 1u /* the timer deadline has passed */
#define DENALI_IRQ_NET 2u   /* the virtual NIC holds at least one message */

/* d_idle timeout meaning "until an interrupt is pending". */
#define DENALI_IDLE_FOREVER 0xffffffffu

/* Network messages through the virtual NIC: [kind u8][0 0 0][flow id u32 LE][payload...] */
#define DENALI_NET_MTU 8192          /* the largest message either way, header included */
#define DENALI_NET_HEADER_BYTES 8
#define DENALI_NET_KIND_OFFSET 0
#define DENALI_NET_FLOW_OFFSET 4
#define DENALI_NET_OPEN 1            /* kernel -> guest: a client connected (new flow id) */
#define DENALI_NET_DATA 2            /* either way: stream bytes follow the header */
#define DENALI_NET_CLOSE 3           /* kernel -> guest: client closed; guest -> kernel: close */

/*
 * The virtual-register page, shared with the kernel without traps. The kernel writes it before
 * each quantum, so every access must be a real load or store: use DENALI_VREGS, a pointer to
 * volatile. Registers marked "guest" are the guest's to write; writes to the others are ignored.
 */
struct denali_vregs {
  uint32_t magic;           /* DENALI_VREG_MAGIC_VALUE */
  uint32_t version;         /* DENALI_VREG_VERSION_VALUE */
  uint32_t memory_size;     /* bytes of guest memory */
  uint32_t vm_id;           /* this VM's id in its kernel */
  uint32_t time_lo;         /* monotonic us at the start of the current quantum */
  uint32_t time_hi;
  uint32_t pending;         /* pending interrupt bits; writing 1 clears a bit */
  uint32_t enabled;         /* guest: the bits that may invoke the handler */
  uint32_t handler;         /* guest: handler address, 0 for none */
  uint32_t saved_pc;        /* where d_iret returns */
  uint32_t delivered;       /* the bits delivered by the last batch */
  uint32_t timer_lo;        /* guest: timer deadline, monotonic us; 0:0 = no timer */
  uint32_t timer_hi;
  uint32_t disk_blocks;     /* blocks of the virtual disk, 0 = no disk */
  uint32_t disk_block_size; /* DENALI_VREG_DISK_BLOCK_SIZE_VALUE */
  uint32_t net_mtu;         /* largest network message in bytes */
  uint32_t in_handler;      /* 1 while the interrupt handler runs */
};

#define DENALI_VREGS ((volatile struct denali_vregs *)DENALI_VREG_PAGE)

#ifndef __cplusplus
_Static_assert(offsetof(struct denali_vregs, pending) == DENALI_VREG_PENDING, "vreg layout");
_Static_assert(offsetof(struct denali_vregs, in_handler) == DENALI_VREG_IN_HANDLER,
               "vreg layout");
_Static_assert(sizeof(struct denali_vregs) == DENALI_VREG_USED_BYTES, "vreg layout");
#endif

/* ------------------------------------------------------------------ Denali instructions */
/* Results are >= 0, or a negative errno. Each instruction is one custom-0 word. */

/* d.exit: terminates the VM with `status`. (exit() in stdlib.h flushes stdio first.) */
__attribute__((noreturn)) static inline void d_exit(int status) {
  __asm__ volatile(".insn r 0x0b, 0, 0, x0, %0, x0" : : "r"(status) : "memory");
  __builtin_unreachable();
}

/*
 * d.idle: gives the CPU back until an interrupt is pending or `timeout_us` microseconds pass
 * (0: just yield; DENALI_IDLE_FOREVER: no timeout). Returns the pending interrupt bits, 0 when
 * the timeout passed with nothing pending. An interrupt handler may run before it returns.
 */
static inline uint32_t d_idle(uint32_t timeout_us) {
  uint32_t pending;
  __asm__ volatile(".insn r 0x0b, 0, 1, %0, %1, x0" : "=r"(pending) : "r"(timeout_us) : "memory");
  return pending;
}

/*
 * d.iret: returns from the interrupt handler to the interrupted pc. Only for hand-written
 * handlers that have restored every register; DENALI_INTERRUPT_HANDLER does it for C.
 */
__attribute__((noreturn)) static inline void d_iret(void) {
  __asm__ volatile(".insn r 0x0b, 0, 2, x0, x0, x0" : : : "memory");
  __builtin_unreachable();
}

/* d.console.write: writes `len` bytes to the console; bytes written or -EFAULT. */
static inline int32_t d_console_write(const void *buf, uint32_t len) {
  int32_t n;
  __asm__ volatile(".insn r 0x0b, 1, 0, %0, %1, %2" : "=r"(n) : "r"(buf), "r"(len) : "memory");
  return n;
}

/* d.clock.read: stores wall-clock microseconds since 1970 at `*out`; 0 or -EFAULT. */
static inline int32_t d_clock_read(uint64_t *out) {
  int32_t r;
  __asm__ volatile(".insn r 0x0b, 2, 0, %0, %1, x0" : "=r"(r) : "r"(out) : "memory");
  return r;
}

/* d.net.send: sends one whole message; 0, -EAGAIN (queue full), -EMSGSIZE or -EFAULT. */
static inline int32_t d_net_send(const void *msg, uint32_t len) {
  int32_t r;
  __asm__ volatile(".insn r 0x0b, 3, 0, %0, %1, %2" : "=r"(r) : "r"(msg), "r"(len) : "memory");
  return r;
}

/* d.net.recv: moves the next message into `buf`; its length, -EAGAIN (none), -EMSGSIZE. */
static inline int32_t d_net_recv(void *buf, uint32_t cap) {
  int32_t r;
  __asm__ volatile(".insn r 0x0b, 3, 1, %0, %1, %2" : "=r"(r) : "r"(buf), "r"(cap) : "memory");
  return r;
}

/* d.disk.read: reads block `block` into the 4096-byte `buf`; 0 or -EINVAL/-EFAULT/-ENODEV/-EIO. */
static inline int32_t d_disk_read(uint32_t block, void *buf) {
  int32_t r;
  __asm__ volatile(".insn r 0x0b, 4, 0, %0, %1, %2" : "=r"(r) : "r"(block), "r"(buf) : "memory");
  return r;
}

/* d.disk.write: writes the 4096-byte `buf` to block `block`; like d_disk_read. */
static inline int32_t d_disk_write(uint32_t block, const void *buf) {
  int32_t r;
  __asm__ volatile(".insn r 0x0b, 4, 1, %0, %1, %2" : "=r"(r) : "r"(block), "r"(buf) : "memory");
  return r;
}

/* d.disk.flush: makes every acknowledged write durable; 0, -ENODEV or -EIO. */
static inline int32_t d_disk_flush(void) {
  int32_t r;
  __asm__ volatile(".insn r 0x0b, 4, 2, %0, x0, x0" : "=r"(r) : : "memory");
  return r;
}

/* ------------------------------------------------------------------ counters */
/*
 * csrrs rd, csr, x0 written as `.insn i 0x73, 2, rd, x0, csr` (csr as a signed 12-bit number),
 * so no -march=..._zicsr is needed. cycle == instret == retired guest instructions
 * (deterministic); time = monotonic microseconds.
 */
#define DENALI__CSR_READ(csr12)                                                      \
  __extension__({                                                                  \
    uint32_t denali__v;                                                            \
    __asm__ volatile(".insn i 0x73, 2, %0, x0, " #csr12 : "=r"(denali__v));        \
    denali__v;                                                                     \
  })
static inline uint32_t denali_rdcycle(void) { return DENALI__CSR_READ(-1024); }    /* 0xc00 */
static inline uint32_t denali_rdtime(void) { return DENALI__CSR_READ(-1023); }     /* 0xc01 */
static inline uint32_t denali_rdinstret(void) { return DENALI__CSR_READ(-1022); }  /* 0xc02 */
static inline uint32_t denali_rdcycleh(void) { return DENALI__CSR_READ(-896); }    /* 0xc80 */
static inline uint32_t denali_rdtimeh(void) { return DENALI__CSR_READ(-895); }     /* 0xc81 */
static inline uint32_t denali_rdinstreth(void) { return DENALI__CSR_READ(-894); }  /* 0xc82 */

/* 64-bit reads: high, low, high again, until the high halves agree. */
static inline uint64_t denali_instret64(void) {
  uint32_t hi, lo;
  do {
    hi = denali_rdinstreth();
    lo = denali_rdinstret();
  } while (hi != denali_rdinstreth());
  return (uint64_t)hi << 32 | lo;
}

static inline uint64_t denali_cycle64(void) {
  uint32_t hi, lo;
  do {
    hi = denali_rdcycleh();
    lo = denali_rdcycle();
  } while (hi != denali_rdcycleh());
  return (uint64_t)hi << 32 | lo;
}

/* Monotonic microseconds, from the time counter. */
static inline uint64_t denali_time_us(void) {
  uint32_t hi, lo;
  do {
    hi = denali_rdtimeh();
    lo = denali_rdtime();
  } while (hi != denali_rdtimeh());
  return (uint64_t)hi << 32 | lo;
}

/* ------------------------------------------------------------------ virtual-register helpers */
static inline uint32_t denali_memory_size(void) { return DENALI_VREGS->memory_size; }
static inline uint32_t denali_vm_id(void) { return DENALI_VREGS->vm_id; }
static inline uint32_t denali_pending(void) { return DENALI_VREGS->pending; }
static inline void denali_clear_pending(uint32_t bits) { DENALI_VREGS->pending = bits; }
static inline void denali_enable_interrupts(uint32_t bits) { DENALI_VREGS->enabled = bits; }

/* Monotonic microseconds at the start of the current quantum (cheaper than the counter). */
static inline uint64_t denali_quantum_start_us(void) {
  uint32_t hi, lo;
  do {
    hi = DENALI_VREGS->time_hi;
    lo = DENALI_VREGS->time_lo;
  } while (hi != DENALI_VREGS->time_hi);
  return (uint64_t)hi << 32 | lo;
}

/*
 * Sets the one-shot timer to fire at monotonic microsecond `deadline_us` (compare
 * denali_time_us()). The words are written so that no intermediate value is an earlier deadline
 * (a quantum may end between two stores): the high word goes far into the future first.
 */
static inline void denali_set_timer(uint64_t deadline_us) {
  volatile struct denali_vregs *v = DENALI_VREGS;
  v->timer_hi = 0x7fffffffu;
  v->timer_lo = (uint32_t)deadline_us;
  v->timer_hi = (uint32_t)(deadline_us >> 32);
}

/* Cancels the timer (deadline 0:0), again without passing through an earlier deadline. */
static inline void denali_cancel_timer(void) {
  volatile struct denali_vregs *v = DENALI_VREGS;
  v->timer_hi = 0x7fffffffu;
  v->timer_lo = 0;
  v->timer_hi = 0;
}

/* Installs `entry` (made by DENALI_INTERRUPT_HANDLER) as the interrupt handler; NULL removes it. */
static inline void denali_set_handler(void (*entry)(void)) {
  DENALI_VREGS->handler = (uint32_t)(uintptr_t)entry;
}

/* ------------------------------------------------------------------ ecall wrappers */
static inline long denali_ecall(long number, long arg0, long arg1, long arg2) {
  register long a0 __asm__("a0") = arg0;
  register long a1 __asm__("a1") = arg1;
  register long a2 __asm__("a2") = arg2;
  register long a7 __asm__("a7") = number;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}

/* write(fd, buf, len): fd 1 and 2 are the console; bytes written or -errno. */
static inline long denali_write(int fd, const void *buf, size_t len) {
  return denali_ecall(DENALI_SYS_WRITE, fd, (long)(uintptr_t)buf, (long)len);
}

/* exit(status) without flushing stdio (exit() in stdlib.h flushes). Works under qemu too. */
__attribute__((noreturn)) static inline void denali_exit(int status) {
  denali_ecall(DENALI_SYS_EXIT, status, 0, 0);
  __builtin_unreachable();
}

#define DENALI_TIMESPEC64_SIZE 16
struct denali_timespec64 {
  int64_t tv_sec;
  int64_t tv_nsec;
};
#ifndef __cplusplus
_Static_assert(sizeof(struct denali_timespec64) == DENALI_TIMESPEC64_SIZE, "timespec64 layout");
#endif

/* clock_gettime64(DENALI_CLOCK_REALTIME or DENALI_CLOCK_MONOTONIC, ts): 0 or -errno. */
static inline long denali_clock_gettime64(int clock, struct denali_timespec64 *ts) {
  return denali_ecall(DENALI_SYS_CLOCK_GETTIME64, clock, (long)(uintptr_t)ts, 0);
}

/* ------------------------------------------------------------------ the settings note */
/*
 * DENALI_SETTINGS("memory=4M", "stack=64K", "service=hello");  -- at file scope, once
 *
 * Writes the Denali settings note (ISA manual, "The Denali note") into section .note.denali,
 * which denali.ld keeps and covers with PT_NOTE. Each argument is one "key=value" string
 * literal. (malloc reads stack= from the note: the heap ends where the stack reservation
 * begins.)
 */
#define DENALI_SETTINGS(...)                                                        \
  __asm__(".pushsection .note.denali, \"a\", @note\n"                              \
          ".balign 4\n"                                                            \
          ".word 7, 2f - 1f, 1\n" /* namesz, descsz, type */                       \
          ".asciz \"Denali\"\n"                                                    \
          ".balign 4\n"                                                            \
          "1: .asciz " #__VA_ARGS__ "\n"                                           \
          "2: .balign 4\n"                                                         \
          ".popsection\n")

/* ------------------------------------------------------------------ interrupt handlers */
/*
 * DENALI_INTERRUPT_HANDLER(entry, function);  -- at file scope
 *
 * Defines `void entry(void)`, an interrupt entry point for denali_set_handler(entry). It saves
 * every caller-saved register below the interrupted sp (the ABI has no red zone), calls
 * `void function(uint32_t delivered)` with the DELIVERED bits (already cleared from PENDING),
 * restores the registers and returns with d.iret. `function` is ordinary C but runs between
 * two instructions of the interrupted code: keep it short and touch only data the interrupted
 * code expects to change (volatile variables). It assumes sp is 16-byte aligned, as the ABI
 * keeps it at every instruction of compiled code.
 */
#define DENALI_INTERRUPT_HANDLER(entry, function)                                   \
  void entry(void);                                                                \
  void function(uint32_t);                                                         \
  __asm__(".pushsection .text." #entry ", \"ax\", @progbits\n"                     \
          ".globl " #entry "\n"                                                    \
          ".balign 4\n" #entry ":\n"                                               \
          "addi sp, sp, -64\n"                                                     \
          "sw ra, 0(sp)\n  sw t0, 4(sp)\n  sw t1, 8(sp)\n  sw t2, 12(sp)\n"        \
          "sw a0, 16(sp)\n sw a1, 20(sp)\n sw a2, 24(sp)\n sw a3, 28(sp)\n"        \
          "sw a4, 32(sp)\n sw a5, 36(sp)\n sw a6, 40(sp)\n sw a7, 44(sp)\n"        \
          "sw t3, 48(sp)\n sw t4, 52(sp)\n sw t5, 56(sp)\n sw t6, 60(sp)\n"        \
          "lui a0, 1\n"                 /* DENALI_VREG_PAGE */                     \
          "lw a0, 0x28(a0)\n"           /* DENALI_VREG_DELIVERED */                \
          "call " #function "\n"                                                   \
          "lw ra, 0(sp)\n  lw t0, 4(sp)\n  lw t1, 8(sp)\n  lw t2, 12(sp)\n"        \
          "lw a0, 16(sp)\n lw a1, 20(sp)\n lw a2, 24(sp)\n lw a3, 28(sp)\n"        \
          "lw a4, 32(sp)\n lw a5, 36(sp)\n lw a6, 40(sp)\n lw a7, 44(sp)\n"        \
          "lw t3, 48(sp)\n lw t4, 52(sp)\n lw t5, 56(sp)\n lw t6, 60(sp)\n"        \
          "addi sp, sp, 64\n"                                                      \
          ".insn r 0x0b, 0, 2, x0, x0, x0\n" /* d.iret */                          \
          ".popsection\n")

#ifdef __cplusplus
}
#endif

#endif /* DENALI_H */
