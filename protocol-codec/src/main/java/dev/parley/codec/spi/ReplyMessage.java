package dev.parley.codec.spi;

/**
 * A protocol's reply message that tells the server's core about how many bytes it holds, so that replies waiting for
 * an earlier one count against the connection's reply budget. Messages that do not implement it count as a short
 * line; buffers count their readable bytes.
 */
public interface ReplyMessage {

    /** @return about how many bytes the message takes encoded, a little over rather than under */
    long estimatedBytes();
}
