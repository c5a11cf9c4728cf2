# loop: a tight arithmetic loop, 10,000,000 iterations of 4 instructions.
# Exit status: the low byte of the accumulated value.
        .text
        .globl  _start
_start:
        li      t0, 10000000
        li      t1, 0
1:      add     t1, t1, t0
        xor     t2, t1, t0
        addi    t0, t0, -1
        bnez    t0, 1b
        andi    a0, t1, 0xff
        li      a7, 93
        ecall
