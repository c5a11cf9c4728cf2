# a macro called with more arguments than it takes
	.macro pair a, b
	.word \a, \b
	.endm
	.text
_start:
	ret
	.data
	pair 1, 2, 3
