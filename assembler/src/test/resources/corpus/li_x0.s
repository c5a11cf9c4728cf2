# li into x0 (zero): GNU as builds the constant as for any register, and because it then
# uses the destination (x0) as the base of the addi, a constant whose low 12 bits are zero
# still gets "addi x0, x0, 0" after its lui ("lui x0, 0x12345; addi x0, x0, 0").
    .globl _start
_start:
    li      x0, 0x12345000
    li      zero, 0x12345678
    li      x0, 0
    li      x0, 5
    li      x0, -2048
    li      x0, 0x80000000
    li      x0, 0xfffff000
    li      a0, 0x12345000          # any other register: just the lui
