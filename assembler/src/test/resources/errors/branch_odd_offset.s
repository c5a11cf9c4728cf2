# branch offsets must be even
	.text
_start:
	bne	a0, a1, _start + 3
