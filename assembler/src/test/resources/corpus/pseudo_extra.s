# More GNU as pseudo-instructions beyond the basic list: zext.b, sgt/sgtu, jump (far jump
# through a scratch register), and loads/stores addressed by a label (auipc + pc-relative
# access; a store needs a scratch register for the address).
    .globl _start
_start:
    zext.b  a0, a1
    sgt     a0, a1, a2
    sgtu    a3, a4, a5
    jump    target, t0
    lw      a0, table
    lh      a1, table
    lhu     a2, table + 2
    lb      a3, table + 1
    lbu     a4, table
    sw      a0, table, t1
    sh      a1, table, t2
    sb      a2, table + 3, t3
    jalr    ra, a0, 0
    jalr    a0, 12(a1)
target:
    ret
    .balign 4, 0
table:
    .word   0x12345678
