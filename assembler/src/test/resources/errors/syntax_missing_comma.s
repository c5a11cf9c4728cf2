# operands without a comma between them
	.text
_start:
	add	a0 a1, a2
