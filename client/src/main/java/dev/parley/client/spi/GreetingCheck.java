package dev.parley.client.spi;

import dev.parley.client.ConnectFailedException;
import dev.parley.client.ParleyClientException;
import dev.parley.codec.text.ParleyReply;
import io.netty.util.ReferenceCountUtil;

/**
 * Checks what a server says first on a new connection. Protocols without a greeting use {@link #none()}.
 */
public interface GreetingCheck {

    /**
     * Returns the check of a protocol without a greeting.
     *
     * @return the check
     */
    static GreetingCheck none() {
        return new GreetingCheck() {
            @Override
            public boolean expectsGreeting() {
                return false;
            }

            @Override
            public void check(Object greeting) {
                ReferenceCountUtil.release(greeting);
            }
        };
    }

    /**
     * Returns the Parley check: {@code HELLO parley/1 <service> ...}.
     *
     * @param service the expected service name, or {@code null} to accept any
     * @return the check
     */
    static GreetingCheck parley(String service) {
        return new GreetingCheck() {
            @Override
            public boolean expectsGreeting() {
                return true;
            }

            @Override
            public void check(Object greeting) {
                try {
                    if (!(greeting instanceof ParleyReply) || ((ParleyReply) greeting).kind() != ParleyReply.Kind.HELLO
                            || ((ParleyReply) greeting).args().size() < 2) {
                        throw new ConnectFailedException(ParleyClientException.GREETING_MISMATCH, false,
                                "expected HELLO " + ParleyReply.PROTOCOL_VERSION + " <service> but got: " + greeting,
                                null);
                    }
                    ParleyReply hello = (ParleyReply) greeting;
                    if (!ParleyReply.PROTOCOL_VERSION.equals(hello.arg(0))) {
                        throw new ConnectFailedException(ParleyClientException.GREETING_MISMATCH, false,
                                "protocol: " + hello.arg(0) + " (expected: " + ParleyReply.PROTOCOL_VERSION + ")",
                                null);
                    }
                    if (service != null && !service.equals(hello.arg(1))) {
                        throw new ConnectFailedException(ParleyClientException.GREETING_MISMATCH, false,
                                "service: " + hello.arg(1) + " (expected: " + service + ")", null);
                    }
                } finally {
                    ReferenceCountUtil.release(greeting);
                }
            }
        };
    }

    /** @return whether the server speaks first */
    boolean expectsGreeting();

    /**
     * Checks the first message of a connection.
     *
     * @param greeting the decoded message; the check owns and releases it
     * @throws ConnectFailedException with {@link ParleyClientException#GREETING_MISMATCH} when it is wrong; a
     *                                permanent one (not transient) fails the requests waiting for a connection at once
     */
    void check(Object greeting);
}
