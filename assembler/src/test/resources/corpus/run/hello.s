# Hello world: one write(1, msg, len) from .rodata, then exit(0).
    .section .rodata
msg:
    .ascii  "Hello, world!\n"
    .equ    MSG_LEN, . - msg

    .text
    .globl  _start
_start:
    li      a0, 1
    la      a1, msg
    li      a2, MSG_LEN
    li      a7, 64
    ecall
    li      a0, 0
    li      a7, 93
    ecall
