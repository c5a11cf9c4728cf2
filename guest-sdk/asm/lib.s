# lib.s: small routines for assembly guests.
#
#     denali asm -I guest-sdk/asm guest-sdk/asm/start.s guest-sdk/asm/lib.s app.s
#
# Calling convention: the ilp32 ABI (ISA manual, "Calling convention"). Arguments in a0..a2,
# the result in a0; each routine may change ra, t0..t6 and a0..a7 and preserves sp, gp, tp and
# s0..s11. Routines that print write to stdout (fd 1) with the write ecall, so they also work
# under qemu-riscv32, and return what write returned (bytes written, or -errno).
#
#   routine                      does                                         returns (a0)
#   memcpy(dst, src, n)          copies n bytes; the regions must not overlap dst
#   memset(dst, byte, n)         sets n bytes to the low 8 bits of byte       dst
#   strlen(s)                    length of the NUL-terminated string s        length
#   utoa(value, buf, base)       unsigned value in base 2..36 (lowercase      digits written
#                                letters; any other base means 10) into buf,
#                                NUL-terminated; buf needs 33 bytes
#   itoa(value, buf, base)       signed value the same way, with a leading    characters written
#                                '-' when negative; buf needs 34 bytes
#   print(s)                     writes the NUL-terminated string s           write's result
#   print_char(c)                writes one byte                              write's result
#   print_dec(value)             writes a signed decimal: -2147483648         write's result
#   print_udec(value)            writes an unsigned decimal: 4294967295       write's result
#   print_hex(value)             writes 0x and lowercase hex digits, no       write's result
#                                leading zeros: 0x0, 0xff, 0xdeadbeef

        .include "denali.inc"

        .text

# ------------------------------------------------------------------ memcpy(a0 dst, a1 src, a2 n)
        .globl  memcpy
memcpy:
        mv      t0, a0                  # t0 = destination cursor; a0 stays the result
        li      t2, 8                   # words whatever the alignment: Denali's misaligned
                                        # loads and stores work (isa-spec README)
0:      bltu    a2, t2, 4f              # two words while 8 or more bytes are left
        lw      t1, 0(a1)
        lw      t3, 4(a1)
        sw      t1, 0(t0)
        sw      t3, 4(t0)
        addi    a1, a1, 8
        addi    t0, t0, 8
        addi    a2, a2, -8
        j       0b
4:      li      t2, 4
1:      bltu    a2, t2, 2f              # a word while 4 or more bytes are left
        lw      t1, 0(a1)
        sw      t1, 0(t0)
        addi    a1, a1, 4
        addi    t0, t0, 4
        addi    a2, a2, -4
        j       1b
2:      beqz    a2, 3f                  # then the remaining bytes
        lbu     t1, 0(a1)
        sb      t1, 0(t0)
        addi    a1, a1, 1
        addi    t0, t0, 1
        addi    a2, a2, -1
        j       2b
3:      ret

# ------------------------------------------------------------------ memset(a0 dst, a1 byte, a2 n)
        .globl  memset
memset:
        mv      t0, a0
        andi    a1, a1, 0xff
1:      beqz    a2, 9f                  # bytes up to a word boundary
        andi    t1, t0, 3
        beqz    t1, 2f
        sb      a1, 0(t0)
        addi    t0, t0, 1
        addi    a2, a2, -1
        j       1b
2:      slli    t1, a1, 8               # the byte in all four lanes
        or      a1, a1, t1
        slli    t1, a1, 16
        or      a1, a1, t1
        li      t2, 4
3:      bltu    a2, t2, 4f              # whole words
        sw      a1, 0(t0)
        addi    t0, t0, 4
        addi    a2, a2, -4
        j       3b
4:      beqz    a2, 9f                  # the tail
        sb      a1, 0(t0)
        addi    t0, t0, 1
        addi    a2, a2, -1
        j       4b
9:      ret

# ------------------------------------------------------------------ strlen(a0 s)
        .globl  strlen
strlen:
        mv      t0, a0
1:      lbu     t1, 0(t0)
        beqz    t1, 2f
        addi    t0, t0, 1
        j       1b
2:      sub     a0, t0, a0
        ret

# ------------------------------------------------------------------ utoa(a0 value, a1 buf, a2 base)
        .globl  utoa
utoa:
        addi    t1, a2, -2              # base outside 2..36: use 10
        li      t2, 35                  # (base - 2) unsigned < 35
        bltu    t1, t2, 1f
        li      a2, 10
1:      mv      t0, a1                  # digits go out least significant first
2:      remu    t1, a0, a2
        divu    a0, a0, a2
        li      t2, 10
        bltu    t1, t2, 3f
        addi    t1, t1, 'a' - 10
        j       4f
3:      addi    t1, t1, '0'
4:      sb      t1, 0(t0)
        addi    t0, t0, 1
        bnez    a0, 2b
        sb      zero, 0(t0)
        sub     a0, t0, a1              # the result: number of digits
        addi    t0, t0, -1              # reverse buf[0 .. a0) in place
5:      bgeu    a1, t0, 6f
        lbu     t1, 0(a1)
        lbu     t2, 0(t0)
        sb      t2, 0(a1)
        sb      t1, 0(t0)
        addi    a1, a1, 1
        addi    t0, t0, -1
        j       5b
6:      ret

# ------------------------------------------------------------------ itoa(a0 value, a1 buf, a2 base)
        .globl  itoa
itoa:
        bgez    a0, utoa                # not negative: the unsigned digits are the answer
        addi    sp, sp, -16
        sw      ra, 12(sp)
        li      t0, '-'
        sb      t0, 0(a1)
        addi    a1, a1, 1
        neg     a0, a0                  # -INT_MIN wraps to 0x80000000: right as unsigned
        call    utoa
        addi    a0, a0, 1               # count the '-'
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ------------------------------------------------------------------ print(a0 s)
        .globl  print
print:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        call    strlen
        mv      a2, a0                  # len
        lw      a1, 8(sp)               # buf
        sys_write STDOUT
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ------------------------------------------------------------------ print_char(a0 c)
        .globl  print_char
print_char:
        addi    sp, sp, -16
        sb      a0, 0(sp)
        mv      a1, sp
        sys_write STDOUT, , 1
        addi    sp, sp, 16
        ret

# ------------------------------------------------------------------ print_dec(a0 value)
        .globl  print_dec
print_dec:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        mv      a1, sp
        li      a2, 10
        call    itoa
        mv      a2, a0
        mv      a1, sp
        sys_write STDOUT
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# ------------------------------------------------------------------ print_udec(a0 value)
        .globl  print_udec
print_udec:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        mv      a1, sp
        li      a2, 10
        call    utoa
        mv      a2, a0
        mv      a1, sp
        sys_write STDOUT
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# ------------------------------------------------------------------ print_hex(a0 value)
        .globl  print_hex
print_hex:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        li      t0, '0'
        sb      t0, 0(sp)
        li      t0, 'x'
        sb      t0, 1(sp)
        addi    a1, sp, 2
        li      a2, 16
        call    utoa
        addi    a2, a0, 2               # "0x" and the digits
        mv      a1, sp
        sys_write STDOUT
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret
