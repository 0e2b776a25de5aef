package dev.parley.memcached.codec;

/**
 * One reply line of a memcached server, as the client-side decoder delivers it: the text without CR LF (one char per
 * byte, ISO-8859-1) and, for a {@code VALUE} line, the length of the data block whose
 * {@link dev.parley.codec.framing.BlockChunk}s follow.
 *
 * @param text the line
 * @param blockLength the announced data length, or {@code -1} when no block follows
 */
public record MemcachedReplyLine(String text, long blockLength) {

    /** @return whether a data block follows this line */
    public boolean hasBlock() {
        return blockLength >= 0;
    }
}
