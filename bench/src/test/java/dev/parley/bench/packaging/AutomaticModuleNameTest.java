package dev.parley.bench.packaging;

import dev.parley.agent.server.AgentServer;
import dev.parley.cli.ExitStatus;
import dev.parley.client.Backoff;
import dev.parley.codec.text.ParleyText;
import dev.parley.memcached.codec.MemcachedErrors;
import dev.parley.micrometer.ParleyMetrics;
import dev.parley.server.ServerTls;
import dev.parley.testkit.LeakCheckExtension;
import dev.parley.testkit.server.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Parley library jar names its JPMS module in {@code META-INF/MANIFEST.MF} ({@code Automatic-Module-Name}),
 * the JDK's module finder takes that name, and the jars resolve together as modules (no two hold the same package).
 * The jars are found through one class of each module on this test class path; under {@code mvn verify} the reactor
 * hands out the packaged jars. Where it hands out a {@code target/classes} directory instead ({@code mvn test}), the
 * jar next to it is read, and the test is skipped if there is none.
 */
class AutomaticModuleNameTest {

    /** The artifact, the module name its jar must carry, and a class the jar holds. */
    private record Library(String artifactId, String moduleName, Class<?> member) { }

    private static final List<Library> LIBRARIES = List.of(
            new Library("parley-protocol-codec", "dev.parley.codec", ParleyText.class),
            new Library("parley-server", "dev.parley.server", ServerTls.class),
            new Library("parley-client", "dev.parley.client", Backoff.class),
            new Library("parley-testkit", "dev.parley.testkit", LeakCheckExtension.class),
            new Library("parley-testkit-server", "dev.parley.testkit.server", TestServer.class),
            new Library("parley-micrometer", "dev.parley.micrometer", ParleyMetrics.class),
            new Library("parley-agent", "dev.parley.agent", AgentServer.class),
            new Library("parley-memcached", "dev.parley.memcached", MemcachedErrors.class),
            new Library("parley-cli", "dev.parley.cli", ExitStatus.class));

    @Test
    void everyLibraryJarNamesItsModuleInTheManifest() throws Exception {
        for (Map.Entry<Library, Path> e : jars().entrySet()) {
            try (JarFile jar = new JarFile(e.getValue().toFile())) {
                assertNotNull(jar.getManifest(), e.getValue() + ": no manifest");
                Attributes main = jar.getManifest().getMainAttributes();
                assertEquals(e.getKey().moduleName(), main.getValue("Automatic-Module-Name"),
                        e.getValue() + ": Automatic-Module-Name");
            }
        }
    }

    @Test
    void moduleFinderTakesTheNamesAndTheJarsResolveTogether() throws Exception {
        Map<Library, Path> jars = jars();
        for (Map.Entry<Library, Path> e : jars.entrySet()) {
            Set<ModuleReference> found = ModuleFinder.of(e.getValue()).findAll();
            assertEquals(1, found.size(), e.getValue() + ": modules found");
            ModuleReference module = found.iterator().next();
            assertTrue(module.descriptor().isAutomatic(), e.getValue() + ": automatic module");
            assertEquals(e.getKey().moduleName(), module.descriptor().name(), e.getValue() + ": module name");
        }
        // Automatic modules read and export everything: a package held by two jars fails the resolution.
        ModuleFinder all = ModuleFinder.of(jars.values().toArray(Path[]::new));
        List<String> names = LIBRARIES.stream().map(Library::moduleName).toList();
        Configuration resolved = ModuleLayer.boot().configuration().resolve(all, ModuleFinder.of(), names);
        assertEquals(names.size(), resolved.modules().size(), "modules resolved together");
    }

    /** The jar of every library, in {@link #LIBRARIES} order; skips the test when a module is not packaged yet. */
    private static Map<Library, Path> jars() throws IOException, URISyntaxException {
        Map<Library, Path> jars = new LinkedHashMap<>();
        for (Library library : LIBRARIES) {
            Path location = Path.of(library.member().getProtectionDomain().getCodeSource().getLocation().toURI());
            Path jar = Files.isDirectory(location) ? packagedNextTo(location, library.artifactId()) : location;
            Assumptions.assumeTrue(jar != null, () -> library.artifactId() + " resolves to " + location
                    + " and no packaged jar is next to it: run mvn verify (the package phase) to check the manifests");
            jars.put(library, jar);
        }
        return jars;
    }

    /** The module's own jar in the directory above {@code classes}, or null; sources, javadoc and test jars skipped. */
    private static Path packagedNextTo(Path classes, String artifactId) throws IOException {
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(classes.getParent(), artifactId + "-*.jar")) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (!name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar") && !name.endsWith("-tests.jar")) {
                    candidates.add(p);
                }
            }
        }
        assertTrue(candidates.size() <= 1, "more than one jar of " + artifactId + ": " + candidates);
        return candidates.isEmpty() ? null : candidates.get(0);
    }
}
