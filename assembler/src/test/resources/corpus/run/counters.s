# Counters: rdinstret/rdcycle grow over a 100000-iteration loop (by at least 1000), and
# rdtime/rdtimeh never go backwards. Under qemu the counters are host ticks, under Denali
# retired instructions and microseconds: only these properties hold for both.
    .macro  report name, ok
    la      a0, \name
    call    print_str
    la      a0, s_ok
    beqz    \ok, 1f
    la      a0, s_bad
1:  call    print_str
    .endm

    .section .rodata
s_instret: .asciz "instret "
s_cycle:   .asciz "cycle "
s_time:    .asciz "time "
s_ok:      .asciz "ok\n"
s_bad:     .asciz "BAD\n"

    .text
    .globl  _start
_start:
    rdinstret s0
    rdcycle s1
1:  rdtimeh s2
    rdtime  s3
    rdtimeh t0
    bne     s2, t0, 1b              # the high word changed under us: read again
    li      t1, 100000
2:  addi    t1, t1, -1
    bnez    t1, 2b
    rdinstret s4
    rdcycle s5
3:  rdtimeh s6
    rdtime  s7
    rdtimeh t0
    bne     s6, t0, 3b

    sub     t0, s4, s0
    sltiu   s8, t0, 1000            # s8 = 1 when the growth is too small
    report  s_instret, s8
    sub     t0, s5, s1
    sltiu   s8, t0, 1000
    report  s_cycle, s8
    # time went backwards when (s6:s7) < (s2:s3)
    sltu    s8, s6, s2
    bne     s6, s2, 4f
    sltu    s8, s7, s3
4:  report  s_time, s8
    csrr    t0, instret             # csrr spelling of the same counter
    sltu    a0, t0, s4              # exit status 0 unless the counter went backwards
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
