# fib: recursive Fibonacci, fib(27) = 196418, with a full prologue and epilogue per call.
# Exit status: fib(27) modulo 256.
        .text
        .globl  _start
_start:
        li      a0, 27
        call    fib
        andi    a0, a0, 0xff
        li      a7, 93
        ecall

fib:    li      t0, 2
        blt     a0, t0, 1f              # fib(n) = n for n < 2
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        addi    a0, a0, -1
        call    fib
        mv      s1, a0
        addi    a0, s0, -2
        call    fib
        add     a0, a0, s1
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
1:      ret
