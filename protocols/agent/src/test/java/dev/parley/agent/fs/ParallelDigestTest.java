package dev.parley.agent.fs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelDigestTest {

    @Test
    void digestsChunksInOrderWhateverTheirKind() throws Exception {
        Random random = new Random(7);
        MessageDigest expected = HashAlgorithm.SHA256.newDigest();
        ParallelDigest parallel = new ParallelDigest(HashAlgorithm.SHA256.newDigest());
        List<ByteBuf> handedOver = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(70_000)];
            random.nextBytes(bytes);
            expected.update(bytes);
            ByteBuf chunk = switch (i % 4) {
                case 0 -> Unpooled.wrappedBuffer(bytes);
                case 1 -> Unpooled.directBuffer(bytes.length).writeBytes(bytes);
                case 2 -> composite(bytes);
                default -> null;
            };
            if (chunk == null) {
                parallel.updateHere(ByteBuffer.wrap(bytes));   // on this thread, after the chunks before it
                continue;
            }
            handedOver.add(chunk);
            parallel.update(chunk);
        }
        assertArrayEquals(expected.digest(), parallel.digest());
        for (ByteBuf b : handedOver) {
            assertEquals(0, b.refCnt(), "released once digested");
        }
    }

    @Test
    void aSlowDigestHoldsTheWriterBackInsteadOfTheFileInMemory() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ParallelDigest parallel = new ParallelDigest(new Gated(go));
        int chunk = 1 << 20;
        long fits = ParallelDigest.MAX_BACKLOG / chunk;
        for (int i = 0; i < fits; i++) {
            parallel.update(Unpooled.buffer(chunk).writeZero(chunk));
        }
        CompletableFuture<Void> oneMore = CompletableFuture.runAsync(() -> {
            try {
                parallel.update(Unpooled.buffer(chunk).writeZero(chunk));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThrows(java.util.concurrent.TimeoutException.class, () -> oneMore.get(200, TimeUnit.MILLISECONDS),
                "the writer waits while the backlog is full");
        assertTrue(parallel.backlog() >= ParallelDigest.MAX_BACKLOG, "backlog " + parallel.backlog());
        go.countDown();
        oneMore.get(10, TimeUnit.SECONDS);
        assertEquals(32, parallel.digest().length);
        assertEquals(0, parallel.backlog());
    }

    @Test
    void discardReleasesWhatWasNotDigestedAndRefusesADigest() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ParallelDigest parallel = new ParallelDigest(new Gated(go));
        List<ByteBuf> chunks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ByteBuf b = Unpooled.directBuffer(1024).writeZero(1024);
            chunks.add(b);
            parallel.update(b);
        }
        parallel.discard();
        go.countDown();
        assertThrows(IllegalStateException.class, parallel::digest);
        ByteBuf late = Unpooled.buffer(16).writeZero(16);
        parallel.update(late);
        assertEquals(0, late.refCnt(), "a chunk after discard is released at once");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (chunks.stream().anyMatch(b -> b.refCnt() != 0) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(chunks.stream().anyMatch(b -> b.refCnt() != 0), "every chunk released");
    }

    private static ByteBuf composite(byte[] bytes) {
        CompositeByteBuf c = UnpooledByteBufAllocator.DEFAULT.compositeBuffer();
        int half = bytes.length / 2;
        c.addComponent(true, Unpooled.wrappedBuffer(bytes, 0, half));
        c.addComponent(true, Unpooled.directBuffer(bytes.length - half).writeBytes(bytes, half, bytes.length - half));
        return c;
    }

    /** A SHA-256 whose first update waits for a latch: a digest thread that has fallen behind. */
    private static final class Gated extends MessageDigest {
        private final MessageDigest sha = HashAlgorithm.SHA256.newDigest();
        private final CountDownLatch go;

        Gated(CountDownLatch go) {
            super("gated");
            this.go = go;
        }

        @Override
        protected void engineUpdate(byte input) {
            engineUpdate(new byte[] {input}, 0, 1);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            try {
                if (!go.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sha.update(input, offset, len);
        }

        @Override
        protected byte[] engineDigest() {
            return sha.digest();
        }

        @Override
        protected void engineReset() {
            sha.reset();
        }
    }
}
