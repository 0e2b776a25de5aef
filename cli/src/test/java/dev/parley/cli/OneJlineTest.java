package dev.parley.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shell and the progress bar share one JLine: with a second version on the class path the shaded jar would carry
 * both, overlapping in more than a hundred classes, and which one runs would depend on the order of the jars.
 */
class OneJlineTest {

    @Test
    void jlineTerminalClassesComeFromOneJarOnly() throws IOException {
        List<URL> copies = Collections.list(
                OneJlineTest.class.getClassLoader().getResources("org/jline/terminal/Terminal.class"));
        assertEquals(1, copies.size(), copies.toString());
    }
}
