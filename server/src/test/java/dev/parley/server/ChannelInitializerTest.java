package dev.parley.server;

import dev.parley.testkit.Teardown;
import dev.parley.testkit.peer.LineConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link ParleyServer#newChannelInitializer}: a channel the caller owns gets the pipeline and the per-connection
 * settings of an accepted connection, and its connections share what one running server's do.
 */
class ChannelInitializerTest {

    private final ParleyServer options = ParleyServer.builder()
            .server(s -> s.limits(l -> l.maxConnections(1).writeBufferLowWaterMark(1000)
                    .writeBufferHighWaterMark(2000)))
            .build();

    @Test
    void anOwnChannelGetsTheStagesOfAnAcceptedConnection() throws Exception {
        List<String> accepted;
        RunningServer server = options.start();
        try (LineConnection c = LineConnection.connect(server.port())) {
            assertEquals("HELLO parley/1 parley", c.readLine());
            SessionHandler session = server.context().sessions().iterator().next();
            accepted = session.channel().pipeline().names();
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(2));
        }
        EmbeddedChannel own = new EmbeddedChannel(options.newChannelInitializer(Runnable::run));
        try {
            assertEquals(accepted, own.pipeline().names());
            assertEquals(1000, own.config().getWriteBufferLowWaterMark());
            assertEquals(2000, own.config().getWriteBufferHighWaterMark());
            assertEquals("HELLO parley/1 parley\n", read(own));
        } finally {
            Teardown.assertClean(own);
        }
    }

    @Test
    void channelsOfOneInitializerShareTheConnectionLimit() {
        var initializer = options.newChannelInitializer(Runnable::run);
        EmbeddedChannel first = new EmbeddedChannel(initializer);
        EmbeddedChannel second = new EmbeddedChannel(initializer);
        EmbeddedChannel otherServer = new EmbeddedChannel(options.newChannelInitializer(Runnable::run));
        try {
            assertEquals("HELLO parley/1 parley\n", read(first));
            assertEquals("BYE BUSY too many connections\n", read(second));
            assertEquals("HELLO parley/1 parley\n", read(otherServer));
            first.writeInbound(Unpooled.copiedBuffer("ping\n", StandardCharsets.US_ASCII));
            assertEquals("OK pong\n", read(first));
        } finally {
            Teardown.assertClean(first, second, otherServer);
        }
    }

    @Test
    void anExecutorIsRequired() {
        assertThrows(NullPointerException.class, () -> options.newChannelInitializer(null));
    }

    /** @return everything written so far */
    private static String read(EmbeddedChannel channel) {
        StringBuilder all = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            try {
                all.append(buf.toString(StandardCharsets.UTF_8));
            } finally {
                buf.release();
            }
        }
        return all.toString();
    }
}
