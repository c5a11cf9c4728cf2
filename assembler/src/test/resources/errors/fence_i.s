# fence.i: code cannot change after loading
	.text
_start:
	fence.i
