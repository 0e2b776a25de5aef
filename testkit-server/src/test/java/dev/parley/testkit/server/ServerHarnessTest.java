package dev.parley.testkit.server;

import dev.parley.server.Authenticator;
import dev.parley.server.Command;
import dev.parley.server.Greeting;
import dev.parley.server.Limits;
import dev.parley.server.ParleyServer;
import dev.parley.server.Reply;
import dev.parley.server.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole server pipeline in memory: commands, errors, ordering, timeouts and end of input, byte for byte. */
class ServerHarnessTest {

    @TempDir
    Path temp;

    private final List<String> ran = new ArrayList<>();
    private Path file;
    private CompletableFuture<Reply> pending;
    private ServerHarness h;

    private Router router() {
        return Router.builder()
                .query("echo", "<word>...", call -> Reply.ok(call.args().toArray(new String[0])))
                .add(Command.action("work").usage("<name>").blocking().handler(call -> {
                    ran.add(call.arg(0));
                    return Reply.ok("done", call.arg(0));
                }))
                .add(Command.query("later").async(call -> pending = new CompletableFuture<>()))
                .add(Command.query("slow").timeout(Duration.ofSeconds(2)).async(call -> new CompletableFuture<>()))
                .add(Command.query("file").blocking()
                        .handler(call -> Reply.okWithFile(file.toFile(), 2, 5)))
                .add(Command.action("store").usage("<key>").aggregateBody(16)
                        .handler(call -> Reply.ok(call.arg(0), call.body().toString(StandardCharsets.UTF_8))))
                .build();
    }

    @BeforeEach
    void writeFile() throws IOException {
        file = Files.writeString(temp.resolve("f.txt"), "0123456789");
    }

    private ServerHarness start(ParleyServer.Builder server) {
        h = ServerHarness.create(server.router(router()).build());
        return h;
    }

    private ServerHarness start() {
        return start(ParleyServer.builder());
    }

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void greetingAndARouterCommandAreAnsweredByteForByte() {
        start();
        assertEquals("HELLO parley/1 parley\n", h.greeting());
        assertEquals("OK a b\n", h.send("echo a b\n").readAll());
        assertEquals("OK pong\n", h.send("ping\n").readAll());
        assertEquals("", h.readAll());
    }

    @Test
    void anUnknownVerbIsAnsweredWithATypedErrorAndTheSessionGoesOn() {
        start();
        assertEquals("ERR UNKNOWN_COMMAND nope\n", h.send("nope\n").readAll());
        assertEquals("ERR BAD_ARGS usage: echo <word>...\n", h.send("echo\n").readAll());
        assertEquals("OK pong", h.send("ping\n").readLine());
    }

    @Test
    void pipelinedRequestsInOneReadAreAnsweredInOrder() {
        h = ServerHarness.create(ParleyServer.builder().router(router()).build(),
                ServerHarness.BlockingMode.HELD);
        h.send("work first\necho second\nwork third\nping\n");
        assertEquals("", h.readAll(), "nothing is written while the first blocking request runs");
        assertTrue(h.pendingBlockingTasks() >= 1);
        while (h.runBlockingTasks() > 0) {
            // until no blocking request is left
        }
        assertEquals("OK done first\nOK second\nOK done third\nOK pong\n", h.readAll());
        assertEquals(List.of("first", "third"), ran);
    }

    @Test
    void bytesSentWhileTheServerStopsReadingWaitUntilItReadsAgain() {
        h = ServerHarness.create(ParleyServer.builder().router(router())
                .server(s -> s.limits(l -> l.maxOutstanding(1))).build(), ServerHarness.BlockingMode.HELD);
        h.send("work a\n").send("echo b\n");
        assertFalse(h.channel().config().isAutoRead(), "over maxOutstanding the session stops reading");
        h.send("echo c\n");
        assertEquals("", h.readAll());
        assertEquals(1, h.runBlockingTasks());
        assertEquals("OK done a\nOK b\nOK c\n", h.readAll());
        assertTrue(h.channel().config().isAutoRead());
    }

    @Test
    void aBlockingHandlerCompletesBeforeSendReturns() {
        start();
        assertEquals("OK done job\n", h.send("work job\n").readAll());
        assertEquals(0, h.pendingBlockingTasks());
    }

    @Test
    void anAsyncReplyCompletedByTheTestIsWrittenByTheNextPump() {
        start();
        assertEquals("", h.send("later\n").readAll());
        pending.complete(Reply.ok("now"));
        assertEquals("OK now\n", h.readAll());
    }

    @Test
    void aHandlerDeadlineFiresExactlyWhenTimeReachesIt() {
        start();
        h.send("slow\n").advance(Duration.ofMillis(1999));
        assertEquals("", h.readAll());
        h.advance(Duration.ofMillis(1));
        assertEquals("ERR TIMEOUT over the time limit of 2000 ms\n", h.readAll());
    }

    @Test
    void idleSessionIsSaidByeAfterExactlyTheIdleTimeAndNotBefore() {
        start(ParleyServer.builder().server(s -> s.limits(l -> l.idleTimeout(Duration.ofSeconds(30)))));
        h.advance(Duration.ofSeconds(30).minusNanos(1));
        assertEquals("", h.readAll());
        assertTrue(h.isOpen());
        h.advance(Duration.ofNanos(1));
        assertEquals("BYE IDLE no request for 30 s\n", h.readAll());
        assertFalse(h.isOpen());
        assertEquals(Duration.ofSeconds(30), h.elapsed());
    }

    @Test
    void anOversizedLineIsAnsweredTooLongAndTheNextLineStillWorks() {
        start();
        String longLine = "echo " + "x".repeat(9000) + "\n";
        h.send(longLine + "ping\n");
        assertEquals("ERR TOO_LONG line length: 9005 (expected: <= 8192)", h.readLine());
        assertEquals("OK pong", h.readLine());
        assertNull(h.readLine());
    }

    @Test
    void aFileBodySentZeroCopyIsReadLikeOtherBytes() {
        start();
        assertEquals("OK {5}\n23456", h.send("file\n").readAll());
    }

    @Test
    void aBodyCutIntoManyReadsIsAggregated() {
        start();
        for (String piece : new String[] {"sto", "re k {5}\nhe", "l", "lo"}) {
            h.send(piece);
        }
        assertEquals("OK k hello\n", h.readAll());
    }

    @Test
    void authenticationIsRequiredAndThenGranted() {
        start(ParleyServer.builder().greeting(Greeting.parley("secure"))
                .server(s -> s.authenticator(Authenticator.sharedToken("s3cret"))));
        assertEquals("HELLO parley/1 secure\n", h.greeting());
        assertEquals("ERR AUTH_REQUIRED authenticate first: auth <token>", h.send("echo hi\n").readLine());
        assertEquals("OK", h.send("auth s3cret\n").readLine());
        assertEquals("OK hi", h.send("echo hi\n").readLine());
    }

    @Test
    void endOfInputIsAnsweredThenTheServerCloses() {
        start();
        h.send("echo a\necho b\n").closeInput();
        assertEquals("OK a\nOK b\n", h.readAll());
        assertFalse(h.isOpen());
        assertThrows(IllegalStateException.class, () -> h.send("ping\n"));
    }

    @Test
    void endOfInputMidLineClosesWithoutAReplyOrALeak() {
        start();
        h.send("echo a\nech").closeInput();
        assertEquals("OK a\n", h.readAll());
        assertFalse(h.isOpen());
    }

    @Test
    void quitIsAnsweredByeAndBytesAfterItAreDiscarded() {
        start();
        assertEquals("BYE QUIT\n", h.send("quit\n").readAll());
        assertFalse(h.isOpen());
        h.send("ping\n");
        assertEquals("", h.readAll());
    }

    @Test
    void blockingTasksStillHeldAtCloseAreRunSoTheirRequestsEndClean() {
        h = ServerHarness.create(ParleyServer.builder().router(router()).build(), ServerHarness.BlockingMode.HELD);
        h.send("work a\n");
        assertEquals(1, h.pendingBlockingTasks());
        h.close();
        assertEquals(0, h.pendingBlockingTasks());
    }
}
