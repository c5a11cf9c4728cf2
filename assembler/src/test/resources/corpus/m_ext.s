# Every M-extension instruction.
    .globl _start
_start:
    mul     a0, a1, a2
    mulh    x1, x2, x3
    mulhsu  t0, t1, t2
    mulhu   s0, s1, s2
    div     a3, a4, a5
    divu    x31, x30, x29
    rem     zero, ra, sp
    remu    gp, tp, fp
    mul     x0, x0, x0
    mulh    s11, s10, s9
    mulhsu  a7, a6, a5
    mulhu   t6, t5, t4
    div     t3, s8, s7
    divu    s6, s5, s4
    rem     s3, a0, a0
    remu    x15, x16, x17
