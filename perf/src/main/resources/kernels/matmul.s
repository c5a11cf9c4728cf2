# matmul: C = A x B for 96 x 96 int matrices, A[i][j] = i + j, B[i][j] = i - j.
# Exit status: the low byte of the sum of C's elements.
        .equ    N, 96
        .text
        .globl  _start
_start:
        la      s0, A
        la      s1, B
        la      s2, C
        li      s3, N
        li      t0, 0                   # fill A and B
fi:     li      t1, 0
fj:     mul     t2, t0, s3
        add     t2, t2, t1
        slli    t2, t2, 2
        add     t3, t0, t1
        add     t4, s0, t2
        sw      t3, 0(t4)
        sub     t3, t0, t1
        add     t4, s1, t2
        sw      t3, 0(t4)
        addi    t1, t1, 1
        blt     t1, s3, fj
        addi    t0, t0, 1
        blt     t0, s3, fi
        li      t0, 0                   # i
mi:     li      t1, 0                   # j
mj:     li      a0, 0                   # sum
        li      t2, 0                   # k
        mul     t3, t0, s3
        slli    t3, t3, 2
        add     t3, t3, s0              # &A[i][0]
        slli    t4, t1, 2
        add     t4, t4, s1              # &B[0][j]
        slli    t6, s3, 2               # row stride in bytes
mk:     lw      a1, 0(t3)
        lw      a2, 0(t4)
        mul     a1, a1, a2
        add     a0, a0, a1
        addi    t3, t3, 4
        add     t4, t4, t6
        addi    t2, t2, 1
        blt     t2, s3, mk
        mul     t5, t0, s3
        add     t5, t5, t1
        slli    t5, t5, 2
        add     t5, t5, s2
        sw      a0, 0(t5)
        addi    t1, t1, 1
        blt     t1, s3, mj
        addi    t0, t0, 1
        blt     t0, s3, mi
        li      a0, 0                   # checksum
        li      t0, 0
        mul     t1, s3, s3
1:      slli    t2, t0, 2
        add     t2, t2, s2
        lw      t3, 0(t2)
        add     a0, a0, t3
        addi    t0, t0, 1
        blt     t0, t1, 1b
        andi    a0, a0, 0xff
        li      a7, 93
        ecall

        .bss
A:      .space  N * N * 4
B:      .space  N * N * 4
C:      .space  N * N * 4
