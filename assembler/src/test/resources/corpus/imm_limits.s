# Immediates at the edges of their ranges, for every format.
    .globl _start
_start:
    addi    a0, a0, -2048
    addi    a0, a0, 2047
    addi    a0, a0, 0
    addi    a0, a0, -1
    slti    a1, a1, -2048
    sltiu   a1, a1, 2047
    sltiu   a1, a1, -1
    xori    a2, a2, -1
    ori     a2, a2, -2048
    andi    a2, a2, 2047
    slli    a3, a3, 31
    srli    a3, a3, 31
    srai    a3, a3, 31
    slli    a3, a3, 0
    srai    a3, a3, 1
    lb      a4, -2048(a5)
    lh      a4, 2047(a5)
    lw      a4, -2048(sp)
    lbu     a4, 2047(sp)
    lhu     a4, -1(sp)
    sb      a4, -2048(a5)
    sh      a4, 2047(a5)
    sw      a4, -2048(sp)
    sw      a4, 2047(sp)
    lui     a6, 0
    lui     a6, 0xfffff
    lui     a6, 0x80000
    lui     a6, 1048575
    auipc   a7, 0
    auipc   a7, 0xfffff
    auipc   a7, 0x7ffff
    jalr    t0, -2048(t1)
    jalr    t0, 2047(t1)
    addi    a0, a0, 0x7ff
    addi    a0, a0, -0x800
    addi    a0, a0, 0b11111111111
    addi    a0, a0, 03777
    addi    a0, a0, -04000
    # B-type: the farthest a branch reaches, forwards and backwards.
    bne     a0, a1, fwd             # offset +4092 (the largest multiple of 4)
    .space  4088, 0
fwd:
    nop
back:
    .space  4096, 0
    beq     a0, a1, back            # offset -4096
