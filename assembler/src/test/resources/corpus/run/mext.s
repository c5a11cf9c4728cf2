# M-extension edge cases, printed in hex: division by zero, overflow (INT_MIN / -1), remainder
# signs, and the high halves of products of negative values.
    .macro  check op, lhs, rhs
    .section .rodata
88: .asciz  "\op \lhs \rhs = "
    .text
    la      a0, 88b
    call    print_str
    li      s2, \lhs
    li      s3, \rhs
    \op     a0, s2, s3
    call    print_hex
    li      a0, '\n'
    call    print_char
    .endm

    .globl  _start
_start:
    check   div, -7, 2
    check   div, 7, -2
    check   div, 7, 0
    check   div, -7, 0
    check   div, 0x80000000, -1
    check   div, 0x80000000, 1
    check   divu, 7, 0
    check   divu, -1, 2
    check   divu, 0x80000000, -1
    check   rem, 7, 0
    check   rem, -7, 0
    check   rem, 0x80000000, -1
    check   rem, -7, 2
    check   rem, 7, -2
    check   remu, 7, 0
    check   remu, -7, 2
    check   remu, 0x80000000, 3
    check   mul, 0x12345678, 0x9abcdef0
    check   mul, 0x80000000, -1
    check   mul, -3, 5
    check   mulh, -1, -1
    check   mulh, 0x80000000, 0x80000000
    check   mulh, -2, 3
    check   mulh, 0x7fffffff, 0x7fffffff
    check   mulhsu, -1, -1
    check   mulhsu, 0x80000000, 0xffffffff
    check   mulhsu, 5, -1
    check   mulhsu, -5, 3
    check   mulhu, -1, -1
    check   mulhu, 0x80000000, 2
    check   mulhu, -2, 3
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
