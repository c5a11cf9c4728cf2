# Symbolic constants: .equ, .set, `sym = expr`, .equiv, .eqv, redefinition with .set and =.
    .globl _start
    .equ    SIZE, 64
    .set    MASK, SIZE - 1
    COUNT = 10
    .equ    NEG, -2048
    .equ    BIG, 0x12345678
    .equ    DOUBLE, SIZE * 2
    .set    SHIFT, 3
_start:
    addi    a0, zero, SIZE
    andi    a1, a0, MASK
    li      a2, COUNT
    addi    a3, zero, NEG
    li      a4, BIG
    li      a5, DOUBLE + COUNT
    slli    a6, a6, SHIFT
    .set    SHIFT, 5
    slli    a6, a6, SHIFT
    SHIFT = 7
    slli    a6, a6, SHIFT
    lw      a7, SIZE(sp)
    sw      a7, -SIZE(sp)
    lui     t0, %hi(BIG)
    addi    t0, t0, %lo(BIG)
    .equ    LATER, SIZE + COUNT
    addi    t1, zero, LATER
    li      t2, LATER * 2
    .equiv  ONCE, 7
    addi    t3, zero, ONCE
    .eqv    EQV, 3 + 4
    addi    t4, zero, EQV
