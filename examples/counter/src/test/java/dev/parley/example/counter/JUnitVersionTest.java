package dev.parley.example.counter;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * This module's tests run on JUnit 5, not on the build's JUnit 6: the proof that the testkits force no JUnit
 * version on their users. Reads the versions from the jars' manifests, so it fails if JUnit 6 is what runs.
 */
class JUnitVersionTest {

    @Test
    void jupiterApiEngineAndPlatformAreJUnit5() throws ClassNotFoundException {
        String api = Test.class.getPackage().getImplementationVersion();
        String engine = Class.forName("org.junit.jupiter.engine.JupiterTestEngine").getPackage()
                .getImplementationVersion();
        String platform = Launcher.class.getPackage().getImplementationVersion();
        System.out.println("running on junit-jupiter-api " + api + ", junit-jupiter-engine " + engine
                + ", junit-platform-launcher " + platform);
        assertEquals("5.11.4", api);
        assertEquals("5.11.4", engine);
        assertEquals("1.11.4", platform);
    }
}
