# .rept never closed
	.text
_start:
	.rept 3
	nop
