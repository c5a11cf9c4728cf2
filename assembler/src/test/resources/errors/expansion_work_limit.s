# a macro that calls itself twice per level: no output, but bounded work
	.macro	m a
	.if	\a
	m	(\a-1)
	m	(\a-1)
	.endif
	.endm
	.text
_start:
	m	30
