# Constant expressions, with GNU as operator precedence:
#   highest:  unary - ~ !   then   * / % << >>   then   | & ^ !   then   + - == != < > <= >=   then && ||
# (so unlike C, `|`, `&` and `^` bind tighter than `+` and `-`).
    .globl _start
_start:
    addi    a0, zero, (3+4)*2           # 14
    addi    a0, zero, 3+4*2             # 11
    addi    a0, zero, 1<<5              # 32
    addi    a0, zero, ~0 & 0xff         # 255
    addi    a0, zero, 'A'               # 65
    addi    a0, zero, 'A' + 1           # 66
    addi    a0, zero, '0'
    addi    a0, zero, ' '
    addi    a0, zero, 4 - 1 | 2         # GNU: 4 - (1|2) = 1   (C would say 3)
    addi    a0, zero, 8 + 3 & 1         # GNU: 8 + (3&1) = 9   (C: (8+3)&1 = 1)
    addi    a0, zero, 16 - 4 ^ 6        # GNU: 16 - (4^6) = 14 (C: 12^6 = 10)
    addi    a0, zero, 1 + 2 << 3        # GNU: 1 + (2<<3) = 17 (C: 24)
    addi    a0, zero, 2 * 3 << 1        # same level, left to right: (2*3)<<1 = 12
    addi    a0, zero, 100 / 7           # 14
    addi    a0, zero, 100 % 7           # 2
    addi    a0, zero, -100 / 7          # -14 (truncates toward zero)
    addi    a0, zero, 0x100 >> 4        # 16
    addi    a0, zero, -(5)              # -5
    addi    a0, zero, - -5              # 5
    addi    a0, zero, ~5                # -6
    addi    a0, zero, !0                # 1
    addi    a0, zero, !7                # 0
    addi    a0, zero, 3 == 3            # gas: true is -1
    addi    a0, zero, 3 != 3            # 0
    addi    a0, zero, 2 < 3             # -1
    addi    a0, zero, 2 > 3             # 0
    addi    a0, zero, 3 <= 3            # -1
    addi    a0, zero, 3 >= 4            # 0
    addi    a0, zero, 3 <> 4            # -1
    addi    a0, zero, 1 && 2            # 1
    addi    a0, zero, 0 || 0            # 0
    addi    a0, zero, 0 || 5            # 1
    addi    a0, zero, ((((1)))) + (((2)))
    addi    a0, zero, 0x7f0 | 0xf       # 2047
    addi    a0, zero, -0x800 + 0        # -2048
    addi    a0, zero, 0b1010 ^ 0b0110   # 12
    addi    a0, zero, 017               # octal 15
    addi    a0, zero, 0X1F              # 31
    addi    a0, zero, 0B11              # 3
    li      a1, 0xffffffff & ~0xfff     # 0xfffff000
    li      a1, (1 << 31)               # 0x80000000
    li      a1, 0x12345678 >> 8 << 8
    li      a1, 'z' * 'z' * 'z'
    lui     a2, (0x12345678 + 0x800) >> 12
    slli    a3, a3, 32 - 1
    lw      a4, 4*3(sp)
    lw      a4, (8 - 12)(sp)
    sw      a4, -4*2(sp)
