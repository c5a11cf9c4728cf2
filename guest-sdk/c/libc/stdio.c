/*
 * stdio.c: formatted output of the Denali guest libc subset, through the write ecall.
 *
 * stdout collects output in a small buffer and writes it at each newline, when the buffer is
 * full, at fflush and at exit; stderr writes at the end of every call. printf's formatter is
 * shared by every function here; 64-bit numbers are converted with 32-bit divisions only, so
 * nothing needs libgcc.
 */
#include <denali.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct denali_file {
  int fd;
  int line_buffered; /* 1: flush at '\n'; 0: flush at the end of each call */
  unsigned len;
  char buf[256];
};

static struct denali_file stdout_file = {DENALI_STDOUT, 1, 0, {0}};
static struct denali_file stderr_file = {DENALI_STDERR, 0, 0, {0}};
FILE *const stdout = &stdout_file;
FILE *const stderr = &stderr_file;

static int flush_file(FILE *f) {
  int status = 0;
  unsigned off = 0;
  while (off < f->len) {
    long n = denali_write(f->fd, f->buf + off, f->len - off);
    if (n <= 0) {
      status = EOF;
      break;
    }
    off += (unsigned)n;
  }
  f->len = 0;
  return status;
}

int fflush(FILE *f) {
  if (f == NULL) {
    int a = flush_file(stdout);
    int b = flush_file(stderr);
    return a | b;
  }
  return flush_file(f);
}

static void put(FILE *f, char c) {
  f->buf[f->len++] = c;
  if (f->len == sizeof f->buf || (c == '\n' && f->line_buffered)) {
    flush_file(f);
  }
}

/* Called when a stdio function returns: unbuffered streams write what it produced. */
static void end_call(FILE *f) {
  if (!f->line_buffered) {
    flush_file(f);
  }
}

/* ------------------------------------------------------------------ the formatter */

typedef void (*emit_fn)(void *ctx, char c);

struct out {
  emit_fn emit;
  void *ctx;
  int count;
};

static void out_char(struct out *o, char c) {
  o->emit(o->ctx, c);
  o->count++;
}

static void out_repeat(struct out *o, char c, int n) {
  while (n-- > 0) {
    out_char(o, c);
  }
}

static void out_text(struct out *o, const char *s, int n) {
  for (int i = 0; i < n; i++) {
    out_char(o, s[i]);
  }
}

/* *n /= base, returning the remainder, with 32-bit divisions only (base <= 16). */
static unsigned div64(uint64_t *n, unsigned base) {
  uint32_t hi = (uint32_t)(*n >> 32);
  uint32_t lo = (uint32_t)*n;
  uint32_t qhi = hi / base;
  uint32_t r = hi % base;
  uint32_t t = r << 16 | lo >> 16;  /* r < base <= 16: fits */
  uint32_t q1 = t / base;
  r = t % base;
  t = r << 16 | (lo & 0xffff);
  uint32_t q0 = t / base;
  r = t % base;
  *n = (uint64_t)qhi << 32 | q1 << 16 | q0;
  return r;
}

/* Writes the digits of v in base into the end of buf; returns where they start. */
static char *digits(char *end, uint64_t v, unsigned base, int upper) {
  const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char *p = end;
  if ((v >> 32) == 0) {
    uint32_t w = (uint32_t)v;
    do {
      *--p = set[w % base];
      w /= base;
    } while (w != 0);
  } else {
    do {
      *--p = set[div64(&v, base)];
    } while (v != 0);
  }
  return p;
}

struct spec {
  int left, zero, plus, space, alt;
  int width;
  int prec; /* -1: none */
};

static void out_padded(struct out *o, const struct spec *sp, const char *s, int n) {
  int pad = sp->width > n ? sp->width - n : 0;
  if (!sp->left) {
    out_repeat(o, ' ', pad);
  }
  out_text(o, s, n);
  if (sp->left) {
    out_repeat(o, ' ', pad);
  }
}

static void out_number(struct out *o, const struct spec *sp, uint64_t v, int negative,
                       unsigned base, int upper) {
  char buf[24];
  char *end = buf + sizeof buf;
  char *start = (sp->prec == 0 && v == 0) ? end : digits(end, v, base, upper);
  int nd = (int)(end - start);
  char prefix[3];
  int np = 0;
  if (negative) {
    prefix[np++] = '-';
  } else if (sp->plus) {
    prefix[np++] = '+';
  } else if (sp->space) {
    prefix[np++] = ' ';
  }
  if (sp->alt && base == 16 && v != 0) {
    prefix[np++] = '0';
    prefix[np++] = upper ? 'X' : 'x';
  } else if (sp->alt && base == 8 && (nd == 0 || *start != '0') && sp->prec <= nd) {
    prefix[np++] = '0';
  }
  int zeros = sp->prec > nd ? sp->prec - nd : 0;
  int total = np + zeros + nd;
  int pad = sp->width > total ? sp->width - total : 0;
  if (sp->zero && !sp->left && sp->prec < 0) {
    zeros += pad;
    pad = 0;
  }
  if (!sp->left) {
    out_repeat(o, ' ', pad);
  }
  out_text(o, prefix, np);
  out_repeat(o, '0', zeros);
  out_text(o, start, nd);
  if (sp->left) {
    out_repeat(o, ' ', pad);
  }
}

static int format(emit_fn emit, void *ctx, const char *fmt, va_list ap) {
  struct out o = {emit, ctx, 0};
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      out_char(&o, *fmt);
      continue;
    }
    const char *conv_start = fmt++;
    struct spec sp = {0, 0, 0, 0, 0, 0, -1};
    for (;; fmt++) {
      if (*fmt == '-') {
        sp.left = 1;
      } else if (*fmt == '0') {
        sp.zero = 1;
      } else if (*fmt == '+') {
        sp.plus = 1;
      } else if (*fmt == ' ') {
        sp.space = 1;
      } else if (*fmt == '#') {
        sp.alt = 1;
      } else {
        break;
      }
    }
    if (*fmt == '*') {
      sp.width = va_arg(ap, int);
      if (sp.width < 0) {
        sp.left = 1;
        sp.width = -sp.width;
      }
      fmt++;
    } else {
      while (*fmt >= '0' && *fmt <= '9') {
        sp.width = sp.width * 10 + (*fmt++ - '0');
      }
    }
    if (*fmt == '.') {
      fmt++;
      sp.prec = 0;
      if (*fmt == '*') {
        sp.prec = va_arg(ap, int);
        if (sp.prec < 0) {
          sp.prec = -1;
        }
        fmt++;
      } else {
        while (*fmt >= '0' && *fmt <= '9') {
          sp.prec = sp.prec * 10 + (*fmt++ - '0');
        }
      }
    }
    int size = 0; /* -2 hh, -1 h, 0 int, 1 long, 2 long long */
    if (*fmt == 'h') {
      size = -1;
      if (*++fmt == 'h') {
        size = -2;
        fmt++;
      }
    } else if (*fmt == 'l') {
      size = 1;
      if (*++fmt == 'l') {
        size = 2;
        fmt++;
      }
    } else if (*fmt == 'j') {
      size = 2;
      fmt++;
    } else if (*fmt == 'z' || *fmt == 't') {
      size = sizeof(size_t) == 8 ? 2 : 1;
      fmt++;
    }
    char c = *fmt;
    switch (c) {
      case 'd':
      case 'i': {
        int64_t v = size == 2 ? va_arg(ap, long long)
                  : size == 1 ? va_arg(ap, long)
                              : va_arg(ap, int);
        if (size == -1) {
          v = (short)v;
        } else if (size == -2) {
          v = (signed char)v;
        }
        uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
        out_number(&o, &sp, mag, v < 0, 10, 0);
        break;
      }
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        uint64_t v = size == 2 ? va_arg(ap, unsigned long long)
                   : size == 1 ? va_arg(ap, unsigned long)
                               : va_arg(ap, unsigned);
        if (size == -1) {
          v = (unsigned short)v;
        } else if (size == -2) {
          v = (unsigned char)v;
        }
        unsigned base = c == 'u' ? 10 : c == 'o' ? 8 : 16;
        sp.plus = sp.space = 0;
        out_number(&o, &sp, v, 0, base, c == 'X');
        break;
      }
      case 'p': {
        uintptr_t v = (uintptr_t)va_arg(ap, void *);
        sp.alt = 1;
        sp.plus = sp.space = 0;
        if (v == 0) {
          out_padded(&o, &sp, "0x0", 3);
        } else {
          out_number(&o, &sp, v, 0, 16, 0);
        }
        break;
      }
      case 'c': {
        char ch = (char)va_arg(ap, int);
        out_padded(&o, &sp, &ch, 1);
        break;
      }
      case 's': {
        const char *s = va_arg(ap, const char *);
        if (s == NULL) {
          s = "(null)";
        }
        int n = (int)(sp.prec >= 0 ? strnlen(s, (size_t)sp.prec) : strlen(s));
        out_padded(&o, &sp, s, n);
        break;
      }
      case '%':
        out_char(&o, '%');
        break;
      default:
        /* Unknown or unsupported (f, n, ...): print the directive as written. */
        out_text(&o, conv_start, (int)(fmt - conv_start) + (c != 0));
        if (c == 0) {
          return o.count;
        }
        break;
    }
  }
  return o.count;
}

/* ------------------------------------------------------------------ streams */

static void emit_file(void *ctx, char c) {
  put((FILE *)ctx, c);
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap) {
  int n = format(emit_file, f, fmt, ap);
  end_call(f);
  return n;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

int vprintf(const char *restrict fmt, va_list ap) {
  return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

int fputc(int c, FILE *f) {
  put(f, (char)c);
  end_call(f);
  return (unsigned char)c;
}

int putc(int c, FILE *f) {
  return fputc(c, f);
}

int putchar(int c) {
  return fputc(c, stdout);
}

int fputs(const char *restrict s, FILE *restrict f) {
  while (*s) {
    put(f, *s++);
  }
  end_call(f);
  return 0;
}

int puts(const char *s) {
  while (*s) {
    put(stdout, *s++);
  }
  put(stdout, '\n');
  return 0;
}

size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f) {
  const char *s = p;
  size_t total = size * n;
  for (size_t i = 0; i < total; i++) {
    put(f, s[i]);
  }
  end_call(f);
  return size == 0 ? 0 : n;
}

/* ------------------------------------------------------------------ strings */

struct sink {
  char *buf;
  size_t size;
  size_t len;
};

static void emit_buffer(void *ctx, char c) {
  struct sink *s = ctx;
  if (s->len + 1 < s->size) {
    s->buf[s->len] = c;
  }
  s->len++;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap) {
  struct sink s = {buf, size, 0};
  int n = format(emit_buffer, &s, fmt, ap);
  if (size > 0) {
    buf[s.len < size ? s.len : size - 1] = 0;
  }
  return n;
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap) {
  return vsnprintf(buf, (size_t)-1 / 2, fmt, ap);
}

int sprintf(char *restrict buf, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsprintf(buf, fmt, ap);
  va_end(ap);
  return n;
}
