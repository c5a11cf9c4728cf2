# start.s: the entry point of an assembly guest with a `main`.
#
#     denali asm -I guest-sdk/asm guest-sdk/asm/start.s guest-sdk/asm/lib.s app.s
#
# _start calls `main` (a .globl function following the ilp32 calling convention, called with
# a0 = argc = 0 and a1 = argv = a pointer to a NULL entry) and exits with main's return value
# through the exit ecall, so the program also runs under qemu-riscv32.
#
# Nothing needs initializing: the VM starts with sp at the top of memory (16-byte aligned),
# and .bss is zero-filled by the loader.

        .include "denali.inc"

        .text
        .globl  _start
_start:
        andi    sp, sp, -16             # already aligned on Denali; keep it so elsewhere
        li      a0, 0                   # argc
        la      a1, __start_argv        # argv = { NULL }
        call    main
        sys_exit                        # status = main's return value, already in a0

        .rodata
        .balign 4
__start_argv:
        .word   0
