# Every pseudo-instruction the assembler must expand like GNU as does.
    .globl _start
_start:
    nop
    li      a0, 0
    li      a1, -1
    li      a2, -2048
    li      a3, 2047
    li      a4, 2048
    li      a5, 0x800
    li      a6, 0xfffff800
    li      a7, 0x80000000
    li      t0, 0x7fffffff
    li      t1, 0x12345000
    li      t2, 0x12345678
    li      t3, 0xfffff000
    li      t4, -2049
    li      t5, 4095
    li      t6, 0xffffffff
    li      s0, -0x80000000
    li      s1, 0x12345fff
    li      s2, 0x7ffff800
    li      s3, 0x7ffff7ff
    mv      a0, a1
    not     a2, a3
    neg     a4, a5
    seqz    a0, a1
    snez    a2, a3
    sltz    a4, a5
    sgtz    a6, a7
    j       1f
    jal     1f
    jr      a0
    jalr    a1
    ret
1:  call    func
    tail    func
    beqz    a0, 1b
    bnez    a1, 1b
    blez    a2, 2f
    bgez    a3, 2f
    bltz    a4, 1b
    bgtz    a5, 2f
    bgt     a0, a1, 1b
    ble     a2, a3, 2f
    bgtu    a4, a5, 1b
    bleu    a6, a7, 2f
2:  rdcycle     a0
    rdcycleh    a1
    rdtime      a2
    rdtimeh     a3
    rdinstret   a4
    rdinstreth  a5
    csrr    a0, cycle
    csrr    a1, time
    csrr    a2, instret
    csrr    a3, cycleh
    csrr    a4, timeh
    csrr    a5, instreth
    fence
    ecall
    ebreak
func:
    lla     t0, _start
    la      t1, func
    ret
