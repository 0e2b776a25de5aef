package dev.parley.example.counter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Test your protocol against a flaky network" shows this example's three files word for word, and
 * they stay within the 60 lines the README promises.
 */
class ReadmeCounterExampleTest {

    private static final String SECTION = "## Test your protocol against a flaky network";
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "parley", "example", "counter");
    private static final Path TESTS = Path.of("src", "test", "java", "dev", "parley", "example", "counter");
    private static final List<Path> SHOWN = List.of(SOURCES.resolve("CounterServer.java"),
            SOURCES.resolve("CounterClient.java"), TESTS.resolve("CounterFaultTest.java"));

    @Test
    void readmeShowsTheServerClientAndFaultTestWordForWord() throws IOException {
        List<List<String>> blocks = javaBlocks(Files.readAllLines(Path.of("..", "..", "README.md"),
                StandardCharsets.UTF_8));
        assertEquals(SHOWN.size(), blocks.size(), "java blocks in the section");
        for (int i = 0; i < SHOWN.size(); i++) {
            assertEquals(Files.readAllLines(SHOWN.get(i), StandardCharsets.UTF_8), blocks.get(i),
                    "the README's block " + (i + 1) + " is " + SHOWN.get(i));
        }
    }

    @Test
    void serverClientAndFaultTestTakeAtMost60Lines() throws IOException {
        int lines = 0;
        for (Path file : SHOWN) {
            lines += Files.readAllLines(file, StandardCharsets.UTF_8).size();
        }
        assertTrue(lines <= 60, "lines: " + lines + " (expected: <= 60)");
    }

    /** The {@code ```java} blocks of the section, up to the next section of the same level. */
    private static List<List<String>> javaBlocks(List<String> readme) {
        int from = readme.indexOf(SECTION);
        assertTrue(from >= 0, "README has the section");
        List<List<String>> blocks = new ArrayList<>();
        List<String> block = null;
        for (String line : readme.subList(from + 1, readme.size())) {
            if (block == null && line.startsWith("## ")) {
                break;
            }
            if (block == null && line.equals("```java")) {
                block = new ArrayList<>();
            } else if (block != null && line.equals("```")) {
                blocks.add(block);
                block = null;
            } else if (block != null) {
                block.add(line);
            }
        }
        return blocks;
    }
}
