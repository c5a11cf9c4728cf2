# characters that are no token (@ is part of symbol names, as in @function)
	.text
_start:
	add	a0, `a1, a2
	sub	a0, a1, a2 ? 3
	or	a0, @a1, a2
