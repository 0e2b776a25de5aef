package dev.parley.testkit;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.opentest4j.AssertionFailedError;

import java.util.List;

/**
 * End-of-test checks for {@link EmbeddedChannel}s: the channel finishes with nothing left over and nothing leaked.
 * Call it from {@code @AfterEach}, or at the end of a test that owns its channel.
 */
public final class Teardown {

    private Teardown() {
    }

    /**
     * Finishes each channel and asserts that it left nothing inbound or outbound and raised nothing while finishing,
     * then that Netty reports no buffer leak ({@link LeakDetection#collectLeaks()}). Leftovers are described and
     * released before the assertion fails, so one failure does not cause leak reports in later tests.
     *
     * @param channels the channels; already finished ones are fine
     * @throws AssertionFailedError listing the leftovers and leaks, if any
     */
    public static void assertClean(EmbeddedChannel... channels) {
        StringBuilder problems = new StringBuilder();
        for (EmbeddedChannel channel : channels) {
            problems.append(finishAndDescribeLeftovers(channel));
        }
        List<String> leaks = LeakDetection.collectLeaks();
        for (String leak : leaks) {
            problems.append(leak).append('\n');
        }
        if (problems.length() > 0) {
            throw new AssertionFailedError("channel did not end clean:\n" + problems);
        }
    }

    /**
     * Finishes the channel, releasing everything left in it, and describes what was left.
     *
     * @param channel the channel
     * @return one line per leftover message or exception; empty when the channel ended clean
     */
    static String finishAndDescribeLeftovers(EmbeddedChannel channel) {
        StringBuilder left = new StringBuilder();
        try {
            channel.finish();
        } catch (RuntimeException e) {
            left.append("exception on finish: ").append(Normalizers.describe(e)).append('\n');
        }
        drain(channel, true, left);
        drain(channel, false, left);
        try {
            channel.checkException();
        } catch (RuntimeException e) {
            left.append("pending exception: ").append(Normalizers.describe(e)).append('\n');
        }
        return left.toString();
    }

    private static void drain(EmbeddedChannel channel, boolean inbound, StringBuilder into) {
        Object msg;
        while ((msg = inbound ? channel.readInbound() : channel.readOutbound()) != null) {
            into.append(inbound ? "left inbound: " : "left outbound: ").append(Normalizers.describe(msg))
                    .append('\n');
            ReferenceCountUtil.release(msg);
        }
    }
}
