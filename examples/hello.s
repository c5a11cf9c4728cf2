# hello.s: the smallest Denali guest. It prints a greeting through the write ecall and exits
# with status 0. It uses only Linux-numbered ecall services, so the same binary also runs under
# qemu-riscv32.
        .equ    SYS_WRITE, 64
        .equ    SYS_EXIT, 93
        .equ    STDOUT, 1

        .text
        .globl  _start
_start:
        li      a0, STDOUT
        la      a1, message
        li      a2, message_end - message
        li      a7, SYS_WRITE
        ecall

        li      a0, 0
        li      a7, SYS_EXIT
        ecall

        .rodata
message:
        .ascii  "Hello from a Denali guest!\n"
message_end:
