# %hi/%lo of constants, %pcrel_hi/%pcrel_lo of text labels (the auipc pair idiom).
    .globl _start
    .equ    ADDR, 0x12345678
    .equ    ROUND, 0x7ffff800
_start:
    lui     a0, %hi(0x12345678)
    addi    a0, a0, %lo(0x12345678)
    lui     a1, %hi(0x12345fff)         # %hi rounds up when bit 11 is set
    addi    a1, a1, %lo(0x12345fff)
    lui     a2, %hi(0xfffff800)
    addi    a2, a2, %lo(0xfffff800)
    lui     a3, %hi(ADDR)
    lw      a4, %lo(ADDR)(a3)
    sw      a4, %lo(ADDR)(a3)
    lui     a5, %hi(ROUND)
    addi    a5, a5, %lo(ROUND)
    lui     a6, %hi(0)
    addi    a6, a6, %lo(0)
    lui     a7, %hi(-1)
    addi    a7, a7, %lo(-1)
    lui     t0, %hi(0x800)
    addi    t0, t0, %lo(0x800)
1:  auipc   t1, %pcrel_hi(target)
    addi    t1, t1, %pcrel_lo(1b)
2:  auipc   t2, %pcrel_hi(_start)
    lw      t3, %pcrel_lo(2b)(t2)
.Lpc3:
    auipc   t4, %pcrel_hi(table)
    sw      t5, %pcrel_lo(.Lpc3)(t4)
.Lpc4:
    auipc   s0, %pcrel_hi(target)
    jalr    ra, %pcrel_lo(.Lpc4)(s0)
    .rept   300
    nop
    .endr
target:
    ret
    .balign 4, 0
table:
    .word   1, 2, 3
.Lback:
    auipc   s1, %pcrel_hi(_start)
    addi    s1, s1, %pcrel_lo(.Lback)
