# too few and too many operands
	.text
_start:
	add	a0, a1
	sub	a0, a1, a2, a3
	ret	a0
