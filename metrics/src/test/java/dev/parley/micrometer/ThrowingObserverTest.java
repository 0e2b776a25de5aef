package dev.parley.micrometer;

import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.client.observe.ClientObserver;
import dev.parley.codec.text.ErrorCode;
import dev.parley.server.Command;
import dev.parley.server.ParleyServer;
import dev.parley.server.Reply;
import dev.parley.server.Router;
import dev.parley.server.RunningServer;
import dev.parley.server.observe.ServerObserver;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Observers that throw from every hook change no reply on either side. */
class ThrowingObserverTest {

    @Test
    void observersThatThrowDoNotBreakRequestsAndAreLoggedOnce() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        AtomicInteger serverCalls = new AtomicInteger();
        AtomicInteger clientCalls = new AtomicInteger();
        ServerObserver server = new ServerObserver() {
            @Override
            public void connectionOpened(dev.parley.server.Session session) {
                throw boom(serverCalls);
            }

            @Override
            public void connectionRefused(SocketAddress remote, ErrorCode code) {
                throw boom(serverCalls);
            }

            @Override
            public void requestAnswered(dev.parley.server.Session session, String verb, ErrorCode error,
                                        long nanos) {
                throw boom(serverCalls);
            }

            @Override
            public void bytesRead(dev.parley.server.Session session, long bytes) {
                throw boom(serverCalls);
            }

            @Override
            public void bytesWritten(dev.parley.server.Session session, long bytes) {
                throw boom(serverCalls);
            }
        };
        ClientObserver client = new ClientObserver() {
            @Override
            public void connected(Session session, int connectionNumber) {
                throw boom(clientCalls);
            }

            @Override
            public void requestCompleted(Session session, Request request, Throwable failure, long nanos) {
                throw boom(clientCalls);
            }

            @Override
            public void bytesRead(Session session, long bytes) {
                throw boom(clientCalls);
            }

            @Override
            public void bytesWritten(Session session, long bytes) {
                throw boom(clientCalls);
            }
        };
        Router router = Router.builder()
                .add(Command.query("echo").usage("<word>").handler(call -> Reply.ok(call.arg(0))))
                .build();
        RunningServer running = ParleyServer.builder().router(router).observer(server).build().start();
        try (ParleyClient parley = ParleyClient.create(1)) {
            Session session = parley.connect(running.localAddress(), ClientOptions.builder()
                    .timeouts(t -> t.requestTimeout(Duration.ofSeconds(5))).observer(client).build());
            for (int i = 0; i < 5; i++) {
                assertEquals("x" + i, session.call(Request.query("echo", "x" + i)).arg(0));
            }
            session.close();
        } finally {
            running.shutdownGracefully(Duration.ofSeconds(2));
            root.detachAppender(logged);
        }
        assertEquals(1, logged.list.stream().filter(e -> e.getMessage().startsWith("PS041")).count(),
                "the server logs its observer's failure once");
        assertEquals(1, logged.list.stream().filter(e -> e.getMessage().startsWith("C171")).count(),
                "the session logs its observer's failure once");
        assertTrue(serverCalls.get() >= 5, "the server kept calling its observer: " + serverCalls.get());
        assertTrue(clientCalls.get() >= 5, "the client kept calling its observer: " + clientCalls.get());
    }

    private static RuntimeException boom(AtomicInteger calls) {
        calls.incrementAndGet();
        return new IllegalStateException("observer failure (expected by the test)");
    }
}
