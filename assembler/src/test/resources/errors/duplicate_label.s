# the same label twice
	.text
_start:
loop:
	nop
loop:
	ret
