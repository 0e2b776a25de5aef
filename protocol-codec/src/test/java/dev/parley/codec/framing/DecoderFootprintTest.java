package dev.parley.codec.framing;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection's framing stage holds its own position only: what follows from the spec (the delimiters, the table of
 * their last bytes) is worked out once per spec and shared, since a server keeps one decoder per idle connection.
 */
class DecoderFootprintTest {

    @Test
    void aDecoderAllocatesItsStateButNotTheSpecsTables() {
        FramingSpec spec = Framing.lines().delimiters(Delimiter.crlf(), Delimiter.lf()).build();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        FrameDecoder[] decoders = new FrameDecoder[1000];
        for (int round = 0; round < 3; round++) { // the first rounds load and compile what a decoder needs
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < decoders.length; i++) {
                decoders[i] = spec.newDecoder();
            }
            long perDecoder = (threads.getThreadAllocatedBytes(thread) - before) / decoders.length;
            if (round == 2) {
                // The decoder, its scanner and its block reader. With the spec's tables built again for every
                // decoder (a table of 256 booleans among them) it was 512 bytes.
                assertTrue(perDecoder < 300, "bytes per decoder: " + perDecoder);
            }
        }
    }
}
