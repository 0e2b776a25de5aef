package dev.parley.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The JSON records of {@link Tally}: files cut off by a lost connection, and a summary that counts every record. */
class TallyTest {

    @Test
    void filesAfterALostConnectionGetNotTriedRecordsCountedAsFailedInTheSummary() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Tally tally = new Tally(JsonOutput.to(bytes));
        TreeItem first = TreeItem.file(Path.of("a"), "/a", 3);
        tally.copied(first, 3, "abc", JsonOutput.FileStatus.SENT);
        tally.failed(ExitStatus.TEMP_FAIL, "b", "/b", 5, new IOException("connection reset"));
        tally.notTried(List.of(TreeItem.dir(Path.of("d"), "/d"), TreeItem.file(Path.of("d/c"), "/d/c", 7)));
        StringWriter human = new StringWriter();
        tally.print(new PrintWriter(human), "push");

        List<JsonObject> lines = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(JsonParser.parseString(line).getAsJsonObject());
        }
        assertEquals(4, lines.size(), lines.toString());
        assertEquals(ExitStatus.TEMP_FAIL, lines.get(1).getAsJsonObject("error").get("exitStatus").getAsInt());
        JsonObject cut = lines.get(2);
        assertEquals("/d/c", cut.get("remote").getAsString());
        assertEquals("failed", cut.get("status").getAsString());
        assertEquals("NOT_TRIED", cut.getAsJsonObject("error").get("code").getAsString());
        JsonObject summary = lines.get(3);
        assertEquals(3, summary.get("files").getAsInt());
        assertEquals(1, summary.get("transferred").getAsInt());
        assertEquals(2, summary.get("failed").getAsInt());
        assertFalse(summary.get("ok").getAsBoolean());
        assertEquals(ExitStatus.TEMP_FAIL, summary.get("exitStatus").getAsInt());
        assertEquals("", human.toString(), "no human summary with --json");
    }
}
