package dev.denali.asm.link;

import dev.denali.asm.LinkedImage;

/**
 * The result of a link: the image, the Denali note bytes for the ELF writer (null when there are
 * no settings), and the listing (empty unless asked for).
 */
public record LinkResult(LinkedImage image, byte[] note, String listing) {}
