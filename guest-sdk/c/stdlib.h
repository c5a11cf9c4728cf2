/*
 * stdlib.h: the Denali guest libc subset (guest-sdk/c/libc/stdlib.c).
 *
 * malloc is a bump allocator over the heap between _end and the stack reservation (on Linux,
 * e.g. under qemu-riscv32, it grows with brk instead). free gives memory back only when it
 * frees the most recent allocation; realloc grows the most recent allocation in place.
 */
#ifndef DENALI_STDLIB_H
#define DENALI_STDLIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);

__attribute__((noreturn)) void exit(int status);   /* flushes stdout and stderr */
__attribute__((noreturn)) void _Exit(int status);  /* does not flush */
__attribute__((noreturn)) void abort(void);        /* exit status 134, like SIGABRT */

int atoi(const char *s);
long atol(const char *s);
long strtol(const char *restrict s, char **restrict end, int base);
unsigned long strtoul(const char *restrict s, char **restrict end, int base);
int abs(int x);
long labs(long x);

#ifdef __cplusplus
}
#endif

#endif
