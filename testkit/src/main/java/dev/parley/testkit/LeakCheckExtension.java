package dev.parley.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * JUnit 5 extension that fails a test when Netty reports a buffer leak during or right after it.
 *
 * <p>The testkit registers it for automatic detection ({@code META-INF/services}); with
 * {@code junit.jupiter.extensions.autodetection.enabled=true} every test on a classpath that holds the testkit is
 * checked. It can also be applied explicitly with {@code @ExtendWith(LeakCheckExtension.class)}.
 * Leaks are found by garbage collection, so a leak on another thread may surface one test late; the report's
 * access records say where the buffer was last touched.
 */
public final class LeakCheckExtension implements AfterEachCallback, AfterAllCallback {

    static {
        LeakDetection.install();
    }

    /** Creates the extension and makes sure leak recording is installed. */
    public LeakCheckExtension() {
        LeakDetection.install();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        failOnLeaks(context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        failOnLeaks(context.getDisplayName());
    }

    private static void failOnLeaks(String where) {
        List<String> leaks = LeakDetection.collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) detected after " + where + ":\n"
                    + String.join("\n\n", leaks));
        }
    }
}
