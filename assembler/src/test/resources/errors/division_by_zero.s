# division and remainder by zero in expressions
	.equ DIVISOR, 0
	.text
_start:
	ret
	.data
	.word	10 / (2 - 2)
	.word	7 % DIVISOR
