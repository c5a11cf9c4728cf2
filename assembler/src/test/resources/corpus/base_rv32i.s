# Every RV32I base instruction, with x-names and ABI names mixed.
    .text
    .globl _start
_start:
    lui     a0, 0x12345
    lui     x31, 0
    auipc   t0, 0xabcde
    auipc   x1, 1
    jal     ra, target
    jal     x0, target
    jal     t6, _start
    jalr    ra, 0(t0)
    jalr    x0, -4(x5)
    jalr    s11, 2047(sp)
target:
    beq     a0, a1, target
    bne     x10, x11, _start
    blt     t0, t1, forward
    bge     s0, fp, forward
    bltu    a2, zero, target
    bgeu    x0, x31, forward
    lb      a0, 0(a1)
    lh      a1, -1(sp)
    lw      a2, 4(gp)
    lbu     a3, 100(tp)
    lhu     a4, -100(s1)
    sb      a5, 0(a6)
    sh      a6, 7(a7)
    sw      s2, -8(s3)
forward:
    addi    s4, s5, 1
    slti    s6, s7, -1
    sltiu   s8, s9, 5
    xori    s10, s11, 0x7f
    ori     t3, t4, -256
    andi    t5, t6, 0xff
    slli    x1, x2, 0
    srli    x3, x4, 31
    srai    x5, x6, 17
    add     x7, x8, x9
    sub     x10, x11, x12
    sll     x13, x14, x15
    slt     x16, x17, x18
    sltu    x19, x20, x21
    xor     x22, x23, x24
    srl     x25, x26, x27
    sra     x28, x29, x30
    or      x31, x0, x1
    and     zero, ra, sp
    fence   iorw, iorw
    fence   rw, w
    fence   i, o
    ecall
    ebreak
