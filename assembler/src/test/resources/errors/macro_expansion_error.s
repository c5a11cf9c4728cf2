# an error inside a macro expansion names the call site and the macro
	.macro load_big reg
	li \reg, 0x100000000
	.endm
	.text
_start:
	load_big a0
	ret
