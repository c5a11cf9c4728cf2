/*
 * stdio.h: the Denali guest libc subset (guest-sdk/c/libc/stdio.c).
 *
 * Output only: stdout (buffered, flushed at each newline, when full, by fflush and at exit) and
 * stderr (flushed at the end of every call), both written with the write ecall. No input, no
 * files, no floating point in printf.
 *
 * printf conversions: %d %i %u %x %X %o %c %s %p %%; flags - 0 + space #; width and precision
 * (numbers or *); length modifiers hh h l ll z t j.
 */
#ifndef DENALI_STDIO_H
#define DENALI_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EOF (-1)

typedef struct denali_file FILE;
extern FILE *const stdout;
extern FILE *const stderr;

#define DENALI__PRINTF(f, a) __attribute__((format(printf, f, a)))

int printf(const char *restrict fmt, ...) DENALI__PRINTF(1, 2);
int fprintf(FILE *restrict f, const char *restrict fmt, ...) DENALI__PRINTF(2, 3);
int sprintf(char *restrict buf, const char *restrict fmt, ...) DENALI__PRINTF(2, 3);
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...) DENALI__PRINTF(3, 4);
int vprintf(const char *restrict fmt, va_list ap);
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap);
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap);
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap);

int putchar(int c);
int puts(const char *s);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int fputs(const char *restrict s, FILE *restrict f);
size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f);
int fflush(FILE *f); /* NULL: every stream */

#ifdef __cplusplus
}
#endif

#endif
