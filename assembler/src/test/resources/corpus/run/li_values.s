# li with edge-case values, and lui/addi/%hi/%lo sequences, printed in hex: checks the
# expansions by behaviour.
    .macro  show_li value
    li      a0, \value
    call    print_hex
    li      a0, '\n'
    call    print_char
    .endm

    .globl  _start
_start:
    show_li 0
    show_li -1
    show_li -2048
    show_li 2047
    show_li 2048
    show_li -2049
    show_li 0x800
    show_li 0xfff
    show_li 0x1000
    show_li 0xfffff800
    show_li 0xfffff7ff
    show_li 0x80000000
    show_li 0x7fffffff
    show_li 0x80000800
    show_li 0x7ffff800
    show_li 0x12345678
    show_li 0xdeadbeef
    show_li 'A'
    show_li (3 + 4) * 2
    show_li 4 - 1 | 2
    lui     a0, %hi(0x12345fff)
    addi    a0, a0, %lo(0x12345fff)
    call    print_hex
    li      a0, '\n'
    call    print_char
1:  auipc   a0, %pcrel_hi(_start)
    addi    a0, a0, %pcrel_lo(1b)
    la      t0, _start
    sub     a0, a0, t0              # 0: both give the address of _start
    call    print_hex
    li      a0, '\n'
    call    print_char
    li      a0, 0
    li      a7, 93
    ecall

# ---- helpers: print(a0 = buffer, a1 = length), print_str(a0 = asciz), print_char(a0),
# ---- print_hex(a0: "0x" and 8 digits), print_dec(a0: signed decimal)
print:
    mv      a2, a1
    mv      a1, a0
    li      a0, 1
    li      a7, 64
    ecall
    ret

print_str:
    mv      t0, a0
1:  lbu     t1, 0(t0)
    beqz    t1, 2f
    addi    t0, t0, 1
    j       1b
2:  sub     a1, t0, a0
    j       print

print_char:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sb      a0, 0(sp)
    mv      a0, sp
    li      a1, 1
    call    print
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

print_hex:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      t0, '0'
    sb      t0, 0(sp)
    li      t0, 'x'
    sb      t0, 1(sp)
    li      t2, 8
    addi    t3, sp, 9
    li      t4, 10
1:  andi    t0, a0, 15
    blt     t0, t4, 2f
    addi    t0, t0, 'a' - 10 - '0'
2:  addi    t0, t0, '0'
    sb      t0, 0(t3)
    srli    a0, a0, 4
    addi    t3, t3, -1
    addi    t2, t2, -1
    bnez    t2, 1b
    mv      a0, sp
    li      a1, 10
    call    print
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

print_dec:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    addi    t1, sp, 24
    mv      t3, t1
    mv      t5, a0
    bgez    a0, 1f
    neg     a0, a0
1:  li      t4, 10
2:  remu    t0, a0, t4
    addi    t0, t0, '0'
    addi    t3, t3, -1
    sb      t0, 0(t3)
    divu    a0, a0, t4
    bnez    a0, 2b
    bgez    t5, 3f
    li      t0, '-'
    addi    t3, t3, -1
    sb      t0, 0(t3)
3:  mv      a0, t3
    sub     a1, t1, t3
    call    print
    lw      ra, 28(sp)
    addi    sp, sp, 32
    ret
