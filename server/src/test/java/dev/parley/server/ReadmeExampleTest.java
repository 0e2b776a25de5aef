package dev.parley.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's "Write your own protocol" code is exactly the code {@link KeyValueExampleTest} compiles and runs. */
class ReadmeExampleTest {

    @Test
    void readmeShowsTheTestedKeyValueExampleWordForWord() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("## Write your own protocol");
        assertTrue(section >= 0, "README has the section");
        int start = readme.subList(section, readme.size()).indexOf("```java") + section + 1;
        int end = readme.subList(start, readme.size()).indexOf("```") + start;
        List<String> shown = new ArrayList<>(readme.subList(start, end));
        shown.removeIf(l -> l.startsWith("// imports:"));

        List<String> source = Files.readAllLines(
                Path.of("src", "test", "java", "dev", "parley", "server", "KeyValueExampleTest.java"),
                StandardCharsets.UTF_8);
        int from = source.indexOf("    // --- example start ---") + 1;
        int to = source.indexOf("    // --- example end ---");
        List<String> tested = new ArrayList<>();
        for (String line : source.subList(from, to)) {
            tested.add(line.startsWith("    ") ? line.substring(4) : line);
        }
        assertTrue(tested.size() > 10);
        assertEquals(tested, shown);
    }
}
