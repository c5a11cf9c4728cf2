package dev.denali.kernel;

/**
 * Part of a VM's console output: the bytes from offset {@code from} to {@code to} of all it
 * wrote (offsets count every byte since the VM was made). A reader that asked from an earlier
 * offset than {@code from} lost what lay between: the kernel keeps only a tail.
 */
public record ConsoleChunk(long from, long to, byte[] bytes) {}
