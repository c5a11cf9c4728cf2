# Numeric local labels: redefinition, 1b/1f, several digits, labels on the same line.
    .globl _start
_start:
1:  addi    a0, a0, 1
    bnez    a0, 1b
    beqz    a0, 1f
    j       2f
1:  addi    a1, a1, 1
    j       1b
2:  j       1b
1:
    nop
    beq     a0, a1, 1b
    bne     a0, a1, 1f
1:  nop
10: addi    a2, a2, -1
    bgez    a2, 10b
    jal     ra, 10f
    call    10b
10: ret
3:  3:  nop
    j       3b
    j       4f
4:
4:  nop
    jal     4b
9:  auipc   a0, %pcrel_hi(_start)
    addi    a0, a0, %pcrel_lo(9b)
9:  auipc   a1, %pcrel_hi(1b)
    lw      a1, %pcrel_lo(9b)(a1)
