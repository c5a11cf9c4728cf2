/*
 * hello.c: a C guest built with the guest SDK. From the repository root:
 *
 *     riscv64-unknown-elf-gcc -march=rv32im -mabi=ilp32 -O2 -ffreestanding -nostdlib -static
 *         -T guest-sdk/c/denali.ld -I guest-sdk/c guest-sdk/c/crt0.S guest-sdk/c/libc/[all .c]
 *         guest-sdk/examples/hello.c -lgcc -o hello.elf
 *     bin/denali run hello.elf            (or: qemu-riscv32 hello.elf)
 *
 * guest-sdk/README.md has the exact command lines, for gcc and for clang.
 */
#include <denali.h>
#include <stdio.h>
#include <string.h>

DENALI_SETTINGS("memory=1M", "stack=64K", "service=hello-c");

static int fib(int n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(void) {
  const char *who = "Denali";
  printf("Hello, %s, from C!\n", who);
  printf("%d + %d = %d\n", 40, 2, 40 + 2);
  printf("fib(20) = %d, -7 / 2 = %d, strlen(\"%s\") = %u\n", fib(20), -7 / 2, who,
         (unsigned)strlen(who));
  printf("hex %x %X %#010x, unsigned %u, long %ld, char '%c', [%5d] [%-5d] [%05d] 100%%\n",
         0xbeefu, 0xbeefu, 0x1234u, 4000000000u, -123456789L, 'Z', 42, 42, -42);
  puts("bye");
  return 0;
}
