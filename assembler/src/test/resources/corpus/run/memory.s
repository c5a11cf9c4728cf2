# Memory: byte and halfword loads with sign and zero extension, misaligned word and halfword
# accesses, and stores of every width, printed in hex.
    .data
buf:
    .byte   0x01, 0x7f, 0xff, 0x80, 0x34, 0x12, 0xfe, 0xff
    .byte   0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x00
scratch:
    .space  16

    .macro  show insn, off
    \insn   a0, \off(s0)
    call    print_hex
    li      a0, '\n'
    call    print_char
    .endm

    .text
    .globl  _start
_start:
    la      s0, buf
    show    lb, 0
    show    lb, 1
    show    lb, 2
    show    lb, 3
    show    lbu, 2
    show    lbu, 3
    show    lh, 0
    show    lh, 2
    show    lh, 6
    show    lhu, 2
    show    lhu, 6
    show    lw, 0
    show    lw, 4
    show    lw, 1                   # misaligned
    show    lw, 2
    show    lw, 3
    show    lw, 7
    show    lh, 1                   # misaligned halfword
    show    lhu, 5
    show    lh, 9

    la      s0, scratch
    li      t0, 0x11223344
    sw      t0, 0(s0)
    li      t0, 0xa5
    sb      t0, 1(s0)
    li      t0, 0xbeef
    sh      t0, 2(s0)
    show    lw, 0
    li      t0, 0xcafebabe
    sw      t0, 5(s0)               # misaligned store
    show    lw, 4
    show    lw, 8
    show    lw, 5
    li      t0, 0x1234
    sh      t0, 11(s0)              # misaligned halfword store
    show    lw, 8
    show    lw, 12
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
