# 1b before any 1:
	.text
_start:
	j	1b
1:
	ret
