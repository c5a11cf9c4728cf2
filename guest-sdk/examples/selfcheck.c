/*
 * selfcheck.c: a self-checking C guest for the guest SDK: the libc subset (string, stdio,
 * stdlib), the ecall wrappers, and -- when it runs on Denali -- the Denali instructions,
 * counters, virtual registers and a timer interrupt through DENALI_INTERRUPT_HANDLER.
 *
 * It prints one line per group and exits 0 only if every check passed; a failed check prints
 * its line number and condition. Under qemu-riscv32 (Linux) the Denali group is skipped: the
 * Denali instructions are illegal there. Build it like hello.c (guest-sdk/README.md).
 */
#include <denali.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

DENALI_SETTINGS("memory=2M", "stack=96K", "service=selfcheck");

static int checks;
static int failures;

static void check(int ok, const char *what, int line) {
  checks++;
  if (!ok) {
    failures++;
    printf("FAIL line %d: %s\n", line, what);
  }
}

static void check_str(const char *got, const char *want, int line) {
  checks++;
  if (strcmp(got, want) != 0) {
    failures++;
    printf("FAIL line %d: got \"%s\", want \"%s\"\n", line, got, want);
  }
}

#define CHECK(cond) check((cond), #cond, __LINE__)
#define CHECK_STR(got, want) check_str((got), (want), __LINE__)
/* snprintf(...) must produce `want` and return its length. */
#define CHECK_FMT(want, ...)                                               \
  do {                                                                     \
    char fmt_buf_[160];                                                    \
    int fmt_n_ = snprintf(fmt_buf_, sizeof fmt_buf_, __VA_ARGS__);         \
    check_str(fmt_buf_, (want), __LINE__);                                 \
    check(fmt_n_ == (int)strlen(want), "snprintf's result", __LINE__);     \
  } while (0)

/* snprintf without the compiler's format checking, for arguments it would warn about. */
static int unchecked_snprintf(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

/* Runs one group of checks and prints its summary line. */
static void group(const char *name, void (*run)(void)) {
  int before_checks = checks;
  int before_failures = failures;
  run();
  if (failures == before_failures) {
    printf("%s: ok (%d checks)\n", name, checks - before_checks);
  } else {
    printf("%s: %d of %d checks FAILED\n", name, failures - before_failures,
           checks - before_checks);
  }
}

/* ------------------------------------------------------------------ string.h */

static void string_checks(void) {
  unsigned char src[80], dst[80], ref[80];
  for (int i = 0; i < 80; i++) {
    src[i] = (unsigned char)(i * 7 + 1);
  }
  /* memcpy at every alignment and many lengths, against a byte loop; bytes around untouched */
  int copy_ok = 1;
  for (int so = 0; so < 4; so++) {
    for (int d = 0; d < 4; d++) {
      for (int n = 0; n < 40; n++) {
        memset(dst, 0xee, sizeof dst);
        memset(ref, 0xee, sizeof ref);
        for (int i = 0; i < n; i++) {
          ref[d + i] = src[so + i];
        }
        if (memcpy(dst + d, src + so, (size_t)n) != dst + d || memcmp(dst, ref, sizeof dst)) {
          copy_ok = 0;
        }
      }
    }
  }
  CHECK(copy_ok);

  int set_ok = 1;
  for (int d = 0; d < 4; d++) {
    for (int n = 0; n < 40; n++) {
      for (int i = 0; i < 80; i++) {
        dst[i] = ref[i] = 0x11;
      }
      for (int i = 0; i < n; i++) {
        ref[d + i] = 0xab;
      }
      if (memset(dst + d, 0x1ab, (size_t)n) != dst + d || memcmp(dst, ref, sizeof dst)) {
        set_ok = 0;
      }
    }
  }
  CHECK(set_ok);

  char m[16] = "abcdefghij";
  memmove(m + 2, m, 5); /* overlapping, destination above */
  CHECK_STR(m, "ababcdehij");
  memmove(m, m + 3, 6); /* overlapping, destination below */
  CHECK_STR(m, "bcdehiehij");

  CHECK(memcmp("abc", "abd", 3) < 0);
  CHECK(memcmp("abd", "abc", 3) > 0);
  CHECK(memcmp("ab\xff", "ab\x01", 3) > 0); /* bytes compare unsigned */
  CHECK(memcmp("xyz", "xyw", 2) == 0);
  const char *hello = "hello";
  CHECK(memchr(hello, 'l', 5) == hello + 2);
  CHECK(memchr(hello, 'z', 5) == NULL);

  CHECK(strlen("") == 0);
  CHECK(strlen("denali") == 6);
  CHECK(strnlen("denali", 3) == 3);
  CHECK(strnlen("den", 10) == 3);
  CHECK(strcmp("abc", "abc") == 0);
  CHECK(strcmp("abc", "abd") < 0);
  CHECK(strcmp("abc", "ab") > 0);
  CHECK(strcmp("\xe9", "e") > 0);
  CHECK(strncmp("abcdef", "abcxyz", 3) == 0);
  CHECK(strncmp("abcdef", "abcxyz", 4) < 0);
  CHECK(strncmp("ab", "ab", 10) == 0);
  CHECK(strncmp("x", "y", 0) == 0);

  char s[32];
  CHECK(strcpy(s, "isolation") == s);
  CHECK_STR(s, "isolation");
  CHECK_STR(strcat(s, " kernel"), "isolation kernel");
  const char *k = "isolation kernel";
  CHECK(strchr(k, 'o') == k + 2);
  CHECK(strchr(k, 0) == k + strlen(k));
  CHECK(strchr(k, 'z') == NULL);
  CHECK(strrchr(k, 'o') == k + 7);
  CHECK(strrchr(k, 'q') == NULL);
  CHECK(strstr(k, "kern") == k + 10);
  CHECK(strstr(k, "") == k);
  CHECK(strstr(k, "kernels") == NULL);
  char pad[8];
  memset(pad, 'x', sizeof pad);
  strncpy(pad, "ab", 5);
  CHECK(memcmp(pad, "ab\0\0\0xxx", 8) == 0);
}

/* ------------------------------------------------------------------ stdio.h */

static void stdio_checks(void) {
  CHECK_FMT("42", "%d", 42);
  CHECK_FMT("-2147483648", "%d", INT_MIN);
  CHECK_FMT("2147483647", "%i", INT_MAX);
  CHECK_FMT("4294967295", "%u", UINT_MAX);
  CHECK_FMT("0", "%u", 0u);
  CHECK_FMT("deadbeef DEADBEEF", "%x %X", 0xdeadbeefu, 0xdeadbeefu);
  CHECK_FMT("777", "%o", 0777u);
  CHECK_FMT("[   42] [42   ] [00042] [-0042]", "[%5d] [%-5d] [%05d] [%05d]", 42, 42, 42, -42);
  CHECK_FMT("+7 +0 -7  7", "%+d %+d %+d % d", 7, 0, -7, 7);
  CHECK_FMT("007 [   007] ", "%.3d [%6.3d] %.0d", 7, 7, 0);
  CHECK_FMT("0xff 0XFF 0 0x000000ff 017", "%#x %#X %#x %#010x %#o", 255u, 255u, 0u, 255u, 15u);
  CHECK_FMT("c [  c] [c  ]", "%c [%3c] [%-3c]", 'c', 'c', 'c');
  const char *volatile no_string = NULL; /* volatile: gcc warns about a literal NULL */
  CHECK_FMT("str [  abc] [abc  ] ab (null)", "%s [%5s] [%-5s] %.2s %s", "str", "abc", "abc",
            "abc", no_string);
  CHECK_FMT("100%", "100%%");
  CHECK_FMT("-123456789 4000000000", "%ld %lu", -123456789L, 4000000000UL);
  CHECK_FMT("-9223372036854775808", "%lld", LLONG_MIN);
  CHECK_FMT("18446744073709551615", "%llu", ULLONG_MAX);
  CHECK_FMT("123456789abcdef0", "%llx", 0x123456789abcdef0ULL);
  CHECK_FMT("1000000000000", "%llu", 1000000000000ULL);
  char narrow[16]; /* %hh and %h convert an int argument to char and short */
  CHECK(unchecked_snprintf(narrow, sizeof narrow, "%hhd %hd %hhu", 300, 70000, -1) == 11);
  CHECK_STR(narrow, "44 4464 255");
  CHECK_FMT("12 -5", "%zu %td", (size_t)12, (ptrdiff_t)-5);
  CHECK_FMT("0x1000 0x0", "%p %p", (void *)0x1000, (void *)0);
  CHECK_FMT("[   42] [42   ] ab", "[%*d] [%-*d] %.*s", 5, 42, 5, 42, 2, "abcdef");

  char b[8];
  memset(b, 'x', sizeof b);
  CHECK(snprintf(b, 5, "abcdefgh") == 8); /* the length it would have had */
  CHECK_STR(b, "abcd");
  CHECK(b[5] == 'x');
  CHECK(snprintf(NULL, 0, "%d", 12345) == 5);
  char big[32];
  CHECK(sprintf(big, "%s-%d", "vm", 7) == 4);
  CHECK_STR(big, "vm-7");

  /* stdout itself: this line is part of the expected output. */
  CHECK(printf("stdio: printf %s %d %c\n", "works", 1, '!') == 24);
  CHECK(fputs("stdio: stderr works\n", stderr) >= 0);
  CHECK(putchar('s') == 's');
  CHECK(fputs("tdio: putchar and fputs work", stdout) >= 0);
  CHECK(puts("") >= 0);
}

/* ------------------------------------------------------------------ stdlib.h */

static void stdlib_checks(void) {
  char *a = malloc(10);
  char *b = malloc(100);
  CHECK(a != NULL && b != NULL);
  CHECK(((uintptr_t)a & 15) == 0 && ((uintptr_t)b & 15) == 0);
  CHECK(b >= a + 10 || a >= b + 100);
  memset(a, 'a', 10);
  memset(b, 'b', 100);
  CHECK(a[9] == 'a' && b[0] == 'b');

  free(b); /* the most recent block: its memory comes back */
  char *c = malloc(50);
  CHECK(c == b);
  char *grown = realloc(c, 5000); /* the most recent block grows in place */
  CHECK(grown == c);
  grown[4999] = 1;
  char *moved = realloc(a, 20); /* not the most recent: copied */
  CHECK(moved != NULL && moved != a && memcmp(moved, "aaaaaaaaaa", 10) == 0);
  CHECK(realloc(moved, 5) == moved); /* shrinking keeps the block */

  int *z = calloc(1000, sizeof(int));
  int zero = z != NULL;
  for (int i = 0; zero && i < 1000; i++) {
    zero = z[i] == 0;
  }
  CHECK(zero);
  free(z);
  int *again = calloc(1000, sizeof(int)); /* reuses z's memory: must be zeroed again */
  CHECK(again == z && again[0] == 0 && again[999] == 0);
  CHECK(calloc(0x40000000, 16) == NULL); /* n * size overflows */
  CHECK(malloc(0x7ff00000) == NULL);     /* more than memory */
  char *big = malloc(512 * 1024);        /* 2 MiB of memory: this fits */
  CHECK(big != NULL);
  if (big != NULL) {
    memset(big, 0x5a, 512 * 1024);
    CHECK(big[512 * 1024 - 1] == 0x5a);
  }
  free(NULL);

  CHECK(atoi("0") == 0);
  CHECK(atoi("  -1234xyz") == -1234);
  CHECK(atoi("+77") == 77);
  CHECK(atoi("2147483647") == INT_MAX);
  CHECK(atoi("-2147483648") == INT_MIN);
  CHECK(atol("junk") == 0);
  char *end;
  CHECK(strtol("0x1F!", &end, 0) == 31 && *end == '!');
  CHECK(strtol("017", &end, 0) == 15 && *end == 0);
  CHECK(strtol("  42", &end, 10) == 42 && *end == 0);
  CHECK(strtol("zz", &end, 36) == 1295);
  const char *none = "  +";
  CHECK(strtol(none, &end, 10) == 0 && end == none);
  CHECK(strtol("99999999999", NULL, 10) == LONG_MAX);
  CHECK(strtol("-99999999999", NULL, 10) == LONG_MIN);
  CHECK(strtoul("4294967295", NULL, 10) == ULONG_MAX);
  CHECK(strtoul("-1", NULL, 10) == ULONG_MAX);
  CHECK(strtoul("ff", NULL, 16) == 255);
  CHECK(abs(-5) == 5 && labs(-6L) == 6 && abs(3) == 3);
}

/* ------------------------------------------------------------------ ecall services */

static void ecall_checks(void) {
  CHECK(denali_write(DENALI_STDOUT, "ecall: write works\n", 19) == 19);
  CHECK(denali_write(DENALI_STDOUT, "", 0) == 0);
  struct denali_timespec64 ts = {-1, -1};
  CHECK(denali_clock_gettime64(DENALI_CLOCK_REALTIME, &ts) == 0);
  CHECK(ts.tv_sec > 1600000000 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
  struct denali_timespec64 m1, m2;
  CHECK(denali_clock_gettime64(DENALI_CLOCK_MONOTONIC, &m1) == 0);
  CHECK(denali_clock_gettime64(DENALI_CLOCK_MONOTONIC, &m2) == 0);
  CHECK(m2.tv_sec > m1.tv_sec || (m2.tv_sec == m1.tv_sec && m2.tv_nsec >= m1.tv_nsec));
  CHECK(denali_clock_gettime64(99, &ts) == -DENALI_EINVAL);
}

/* ------------------------------------------------------------------ Denali */

static volatile uint32_t irq_count;
static volatile uint32_t irq_bits;
static volatile uint32_t irq_in_handler;
static volatile uint32_t irq_saved_pc;

/* Runs inside the interrupt (DENALI_INTERRUPT_HANDLER needs external linkage). */
void selfcheck_on_interrupt(uint32_t delivered) {
  irq_count++;
  irq_bits |= delivered;
  irq_in_handler = DENALI_VREGS->in_handler;
  irq_saved_pc = DENALI_VREGS->saved_pc;
}

DENALI_INTERRUPT_HANDLER(selfcheck_interrupt_entry, selfcheck_on_interrupt);

static uint8_t block[4096];

static void denali_checks(void) {
  volatile struct denali_vregs *v = DENALI_VREGS;
  CHECK(v->magic == DENALI_VREG_MAGIC_VALUE);
  CHECK(v->version == DENALI_VREG_VERSION_VALUE);
  CHECK(denali_memory_size() == 2u << 20); /* DENALI_SETTINGS above */
  CHECK(v->disk_block_size == DENALI_VREG_DISK_BLOCK_SIZE_VALUE);
  CHECK(v->in_handler == 0);
  v->magic = 0; /* read-only registers ignore stores */
  CHECK(v->magic == DENALI_VREG_MAGIC_VALUE);
  CHECK(((volatile uint32_t *)DENALI_VREG_PAGE)[DENALI_VREG_USED_BYTES / 4] == 0);

  /* console and clock */
  CHECK(d_console_write("", 0) == 0);
  CHECK(d_console_write((const void *)0x100, 4) == -DENALI_EFAULT); /* the null page */
  uint64_t wall = 0;
  CHECK(d_clock_read(&wall) == 0);
  CHECK(wall > 1600000000ull * 1000000);
  CHECK(d_clock_read((uint64_t *)DENALI_TEXT_BASE) == -DENALI_EFAULT); /* text: read-only */
  struct denali_timespec64 ts;
  CHECK(denali_clock_gettime64(DENALI_CLOCK_REALTIME, &ts) == 0);
  int64_t wall_us = (int64_t)wall; /* compared by multiplying: 64-bit division needs libgcc */
  CHECK(ts.tv_sec * 1000000 >= wall_us - 5000000 && ts.tv_sec * 1000000 <= wall_us + 5000000);

  /* services Linux has and Denali does not */
  CHECK(denali_ecall(172 /* getpid */, 0, 0, 0) == -DENALI_ENOSYS);
  CHECK(denali_write(3, "x", 1) == -DENALI_EBADF);

  /* counters: cycle == instret == retired instructions, exactly */
  uint32_t i1, c1, i2; /* three reads in a row: instret, cycle, instret */
  __asm__ volatile(".insn i 0x73, 2, %0, x0, -1022\n" /* rdinstret */
                   ".insn i 0x73, 2, %1, x0, -1024\n" /* rdcycle */
                   ".insn i 0x73, 2, %2, x0, -1022\n" /* rdinstret */
                   : "=&r"(i1), "=&r"(c1), "=&r"(i2));
  CHECK(c1 == i1 + 1 && i2 == i1 + 2);
  CHECK(denali_rdcycle() != denali_rdcycle());
  uint64_t n1 = denali_instret64();
  uint64_t n2 = denali_instret64();
  CHECK(n2 > n1 && n2 - n1 < 1000);
  CHECK(denali_cycle64() > n2);
  uint64_t t1 = denali_time_us();
  uint64_t t2 = denali_time_us();
  CHECK(t2 >= t1 && t1 > 0);
  CHECK(denali_quantum_start_us() <= t2);
  CHECK((d_idle(0) & ~(DENALI_IRQ_TIMER | DENALI_IRQ_NET)) == 0);

  /* the timer, its interrupt and the handler */
  denali_set_timer(denali_time_us() + 1000000000ull);
  CHECK(v->timer_hi != 0 || v->timer_lo != 0);
  denali_cancel_timer();
  CHECK(v->timer_hi == 0 && v->timer_lo == 0);
  denali_set_handler(selfcheck_interrupt_entry);
  denali_enable_interrupts(DENALI_IRQ_TIMER);
  denali_set_timer(denali_time_us() + 2000);
  for (int i = 0; i < 1000 && irq_count == 0; i++) {
    d_idle(100000);
  }
  CHECK(irq_count == 1);
  CHECK(irq_bits == DENALI_IRQ_TIMER);
  CHECK(irq_in_handler == 1);
  CHECK(irq_saved_pc >= DENALI_TEXT_BASE);
  CHECK(v->in_handler == 0);
  CHECK(v->delivered == DENALI_IRQ_TIMER);
  CHECK((v->pending & DENALI_IRQ_TIMER) == 0);
  CHECK(v->timer_hi == 0 && v->timer_lo == 0); /* one-shot */
  denali_enable_interrupts(0);
  denali_set_handler(NULL);

  /* disk: none attached means -ENODEV; with one, reads within range work */
  uint32_t blocks = v->disk_blocks;
  if (blocks == 0) {
    CHECK(d_disk_read(0, block) == -DENALI_ENODEV);
    CHECK(d_disk_write(0, block) == -DENALI_ENODEV);
    CHECK(d_disk_flush() == -DENALI_ENODEV);
  } else {
    CHECK(d_disk_read(0, block) == 0);
    CHECK(d_disk_read(blocks, block) == -DENALI_EINVAL);
    CHECK(d_disk_read(0, (void *)0x100) == -DENALI_EFAULT);
  }

  /* network: nothing is queued, and an oversized message is refused (or there is no NIC) */
  int32_t r = d_net_recv(block, sizeof block);
  CHECK(r == -DENALI_EAGAIN || r == -DENALI_ENODEV);
  r = d_net_send(block, v->net_mtu + 1);
  CHECK(r == -DENALI_EMSGSIZE || r == -DENALI_ENODEV);

  /* the heap ends where the stack reservation (stack=96K, from the note) begins */
  uintptr_t stack_start = denali_memory_size() - 96 * 1024;
  char *p, *last = NULL;
  while ((p = malloc(60000)) != NULL) {
    last = p;
  }
  CHECK(last != NULL && (uintptr_t)last + 60000 <= stack_start);
  CHECK(last != NULL && (uintptr_t)last + 2 * 60016 > stack_start);
}

/* Denali answers unknown ecalls with -ENOSYS; Linux (qemu-riscv32) has getpid. */
static int on_denali(void) {
  return denali_ecall(172 /* getpid */, 0, 0, 0) == -DENALI_ENOSYS;
}

int main(void) {
  group("string", string_checks);
  group("stdio", stdio_checks);
  group("stdlib", stdlib_checks);
  group("ecall", ecall_checks);
  if (on_denali()) {
    group("denali", denali_checks);
  } else {
    printf("denali: skipped (not running on Denali)\n");
  }
  if (failures != 0) {
    printf("selfcheck: %d of %d checks FAILED\n", failures, checks);
    return 1;
  }
  printf("selfcheck: passed\n");
  return 0;
}
