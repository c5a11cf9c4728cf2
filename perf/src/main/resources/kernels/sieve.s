# sieve: the sieve of Eratosthenes below 1,000,000, counting primes (78498).
# Exit status: the count modulo 256.
        .equ    N, 1000000
        .text
        .globl  _start
_start:
        la      s0, flags               # flags[i] = 1 when i is composite
        li      s1, N
        li      t0, 2                   # i
outer:  mul     t1, t0, t0
        bge     t1, s1, count           # i*i >= N: done marking
        add     t2, s0, t0
        lbu     t3, 0(t2)
        bnez    t3, next
        li      t4, 1
mark:   add     t2, s0, t1              # for j = i*i; j < N; j += i
        sb      t4, 0(t2)
        add     t1, t1, t0
        blt     t1, s1, mark
next:   addi    t0, t0, 1
        j       outer
count:  li      a0, 0
        li      t0, 2
1:      add     t2, s0, t0
        lbu     t3, 0(t2)
        bnez    t3, 2f
        addi    a0, a0, 1
2:      addi    t0, t0, 1
        blt     t0, s1, 1b
        andi    a0, a0, 0xff
        li      a7, 93
        ecall

        .bss
flags:  .space  N
