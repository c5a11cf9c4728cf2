/*
 * stdlib.c: memory, exit and number parsing of the Denali guest libc subset.
 *
 * The heap (ISA manual, "Memory map") runs from _end, the end of .bss, up to the stack
 * reservation at the top of memory: MEMORY_SIZE (a virtual register) minus the stack= setting
 * of the program's own Denali note (64 KiB by default), which denali.ld maps read-only in the
 * headers page. Under Linux (qemu-riscv32),
 * where nothing is mapped above .bss, the heap grows with the brk system call instead; Denali
 * answers brk with -ENOSYS, which is how the two are told apart.
 *
 * malloc is a bump allocator: each block has a 16-byte header holding its size and blocks are
 * 16-byte aligned. free releases memory only when it frees the most recent block; realloc
 * grows or shrinks the most recent block in place.
 */
#include <denali.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16u
#define HEADER 16u
#define SYS_BRK 214 /* Linux; Denali returns -ENOSYS */

extern char _end[];
extern const char __denali_notes_start[]; /* the .note.denali section (denali.ld) */
extern const char __denali_notes_end[];

static uintptr_t heap_next;  /* first free byte; 0 before the first allocation */
static uintptr_t heap_limit; /* end of the memory the heap may use now */
static int heap_uses_brk;
static uintptr_t last_block; /* the most recent block, for free and realloc; 0 for none */

/* A size as the note writes it: decimal or 0x hex, then K, M or G (powers of 1024), then an
   optional B or iB; 0 when it is not one. The loader has already checked it. */
static uint32_t parse_size(const char *s, const char *end) {
  uint32_t v = 0;
  unsigned base = 10;
  if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s += 2;
  }
  const char *digits = s;
  for (; s < end; s++) {
    int c = *s;
    unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
               : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
               : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 99u;
    if (d >= base) {
      break;
    }
    v = v * base + d;
  }
  if (s == digits) {
    return 0;
  }
  if (s < end) {
    char unit = (char)(*s | 0x20);
    if (unit == 'k') {
      v <<= 10;
    } else if (unit == 'm') {
      v <<= 20;
    } else if (unit == 'g') {
      v <<= 30;
    }
  }
  return v;
}

/* The stack reservation: the last stack= setting of the Denali notes, else the default. */
static uint32_t stack_reserve(void) {
  uint32_t reserve = DENALI_DEFAULT_STACK;
  const char *p = __denali_notes_start;
  const char *end = __denali_notes_end;
  while (end - p >= 12) {
    const uint32_t *h = (const uint32_t *)(const void *)p;
    uint32_t namesz = h[0];
    uint32_t descsz = h[1];
    const char *name = p + 12;
    const char *desc = name + ((namesz + 3) & ~3u);
    const char *next = desc + ((descsz + 3) & ~3u);
    if (namesz > 64 || descsz > 4096 || next > end) {
      break;
    }
    if (namesz == 7 && h[2] == 1 && memcmp(name, "Denali", 7) == 0) {
      for (const char *e = desc; e < desc + descsz;) {
        const char *stop = memchr(e, 0, (size_t)(desc + descsz - e));
        if (stop == NULL) {
          stop = desc + descsz;
        }
        if (stop - e > 6 && memcmp(e, "stack=", 6) == 0) {
          reserve = parse_size(e + 6, stop);
        }
        e = stop + 1;
      }
    }
    p = next;
  }
  return reserve;
}

static void heap_init(void) {
  long brk = denali_ecall(SYS_BRK, 0, 0, 0);
  heap_next = ((uintptr_t)_end + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
  if (brk > 0 && (unsigned long)brk >= (uintptr_t)_end) {
    heap_uses_brk = 1;        /* Linux: grow the break on demand */
    heap_next = ((uintptr_t)brk + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
    heap_limit = (uintptr_t)brk;
  } else {
    uintptr_t top = DENALI_VREGS->memory_size;
    uintptr_t reserve = stack_reserve();
    heap_limit = top > reserve ? top - reserve : 0;
  }
}

/* Makes [heap_next, heap_next + size) usable; returns 0 when there is no room. */
static int heap_reserve(uintptr_t size) {
  if (heap_next == 0) {
    heap_init();
  }
  if (size > UINTPTR_MAX - heap_next) {
    return 0;
  }
  uintptr_t end = heap_next + size;
  if (end <= heap_limit) {
    return 1;
  }
  if (!heap_uses_brk) {
    return 0;
  }
  long got = denali_ecall(SYS_BRK, (long)end, 0, 0);
  if ((unsigned long)got < end) {
    return 0;
  }
  heap_limit = (uintptr_t)got;
  return 1;
}

void *malloc(size_t size) {
  if (size > UINTPTR_MAX - 2 * ALIGN) {
    return NULL;
  }
  uintptr_t rounded = (size + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
  if (!heap_reserve(HEADER + rounded)) {
    return NULL;
  }
  uintptr_t block = heap_next;
  *(size_t *)block = size;
  heap_next += HEADER + rounded;
  last_block = block;
  return (void *)(block + HEADER);
}

void *calloc(size_t n, size_t size) {
  if (size != 0 && n > SIZE_MAX / size) {
    return NULL;
  }
  void *p = malloc(n * size);
  if (p != NULL) {
    memset(p, 0, n * size); /* fresh memory is zero, but a freed block may have been reused */
  }
  return p;
}

void free(void *p) {
  if (p == NULL) {
    return;
  }
  uintptr_t block = (uintptr_t)p - HEADER;
  if (block == last_block) {
    heap_next = block;
    last_block = 0;
  }
}

void *realloc(void *p, size_t size) {
  if (p == NULL) {
    return malloc(size);
  }
  uintptr_t block = (uintptr_t)p - HEADER;
  size_t old = *(size_t *)block;
  if (block == last_block && size <= UINTPTR_MAX - 2 * ALIGN) {
    uintptr_t rounded = (size + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
    heap_next = block;
    if (heap_reserve(HEADER + rounded)) {
      *(size_t *)block = size;
      heap_next = block + HEADER + rounded;
      return p;
    }
    heap_next = block + HEADER + ((old + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1));
    return NULL;
  }
  if (size <= old) {
    return p;
  }
  void *q = malloc(size);
  if (q != NULL) {
    memcpy(q, p, old);
  }
  return q;
}

/* ------------------------------------------------------------------ exit */

void _Exit(int status) {
  denali_exit(status);
}

void exit(int status) {
  fflush(NULL);
  denali_exit(status);
}

void abort(void) {
  denali_exit(134); /* 128 + SIGABRT, what a shell reports for an aborted program */
}

/* ------------------------------------------------------------------ numbers */

int abs(int x) {
  return x < 0 ? -x : x;
}

long labs(long x) {
  return x < 0 ? -x : x;
}

static int is_space(int c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

static int digit_value(int c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'Z') {
    return c - 'A' + 10;
  }
  return 99;
}

/*
 * Parses [space][sign][0x|0]digits as strtoul does; *negative says whether a '-' came first and
 * *overflow whether the magnitude exceeded `limit`, in which case the result is `limit`.
 */
static unsigned long parse(const char *s, char **end, int base, unsigned long limit,
                           int *negative, int *overflow) {
  const char *p = s;
  *negative = 0;
  *overflow = 0;
  while (is_space(*p)) {
    p++;
  }
  if (*p == '+' || *p == '-') {
    *negative = *p == '-';
    p++;
  }
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')
      && digit_value(p[2]) < 16) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = p[0] == '0' ? 8 : 10;
  }
  if (base < 2 || base > 36) {
    if (end) {
      *end = (char *)s;
    }
    return 0;
  }
  const char *digits_start = p;
  unsigned long v = 0;
  for (int d; (d = digit_value(*p)) < base; p++) {
    if (v > (limit - (unsigned long)d) / (unsigned long)base) {
      *overflow = 1;
    } else {
      v = v * (unsigned long)base + (unsigned long)d;
    }
  }
  if (end) {
    *end = (char *)(p == digits_start ? s : p);
  }
  return *overflow ? limit : v;
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base) {
  int negative, overflow;
  unsigned long v = parse(s, end, base, (unsigned long)-1, &negative, &overflow);
  return negative && !overflow ? -v : v;
}

long strtol(const char *restrict s, char **restrict end, int base) {
  int negative, overflow;
  /* The magnitude may reach LONG_MAX, or LONG_MAX + 1 for a negative number. */
  unsigned long max = (unsigned long)-1 >> 1;
  unsigned long v = parse(s, end, base, max + 1, &negative, &overflow);
  if (!negative) {
    return v > max ? (long)max : (long)v;
  }
  return v > max ? -(long)max - 1 : -(long)v;
}

long atol(const char *s) {
  return strtol(s, NULL, 10);
}

int atoi(const char *s) {
  return (int)strtol(s, NULL, 10);
}
