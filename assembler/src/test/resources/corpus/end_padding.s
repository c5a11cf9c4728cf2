# GNU as pads the end of every section to the section's alignment (the largest alignment
# requested in it, at least 4 for code), in .text with 00 / c.nop (0x0001) up to a multiple of
# 4 and then with nops. Here: 4 + 1 bytes of content, so 3 bytes of padding (00 01 00).
    .globl _start
_start:
    ret
    .byte   0x2a
