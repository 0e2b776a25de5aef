package dev.parley.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.agent.client.TransferIntegrityException;
import dev.parley.client.ParleyClientException;
import dev.parley.client.Progress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The objects {@link JsonOutput} builds for the push and pull records and for failures that are not replies. */
class JsonOutputTest {

    @Test
    void timesAlwaysCarryMillisecondsAndParseBack() {
        assertEquals("2026-12-02T01:02:03.000Z",
                JsonOutput.instant(Instant.parse("2026-12-02T01:02:03Z").toEpochMilli()));
        assertEquals(Instant.ofEpochMilli(1), Instant.parse(JsonOutput.instant(1)));
    }

    @Test
    void eachObjectIsOneLineWithoutHtmlEscapes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonObject o = JsonOutput.ok("exec");
        o.addProperty("output", "a <b> & 'c'\nd");
        JsonOutput.to(bytes).write(o);
        JsonOutput.to(bytes).write(JsonOutput.ok("ping"));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].contains("a <b> & 'c'\\nd"), lines[0]);
        assertEquals(o, JsonParser.parseString(lines[0]));
    }

    @Test
    void fileRecordsAndSummaryHaveTypedFields() {
        JsonObject sent = JsonOutput.file("a.bin", "/x/a.bin", 12, "ab", JsonOutput.FileStatus.SENT);
        assertEquals(12, sent.get("bytes").getAsLong());
        assertEquals("sent", sent.get("status").getAsString());
        JsonObject unknownHash = JsonOutput.file("a.bin", "/x/a.bin", 12, null, JsonOutput.FileStatus.SKIPPED);
        assertFalse(unknownHash.has("sha256"));

        JsonObject failed = JsonOutput.fileFailed("b.bin", "/x/b.bin", 3,
                JsonOutput.error(new TransferIntegrityException("sha256 differs")));
        assertEquals("failed", failed.get("status").getAsString());
        assertEquals("INTEGRITY", failed.getAsJsonObject("error").get("code").getAsString());
        assertEquals(ExitStatus.PROTOCOL, failed.getAsJsonObject("error").get("exitStatus").getAsInt());

        JsonObject good = JsonOutput.summary(new JsonOutput.TransferTally(3, 2, 1, 0, 2000, Duration.ofSeconds(2),
                ExitStatus.OK));
        assertTrue(good.get("ok").getAsBoolean());
        assertEquals(1000, good.get("bytesPerSecond").getAsLong());
        assertEquals(2.0, good.get("seconds").getAsDouble());
        JsonObject bad = JsonOutput.summary(new JsonOutput.TransferTally(3, 2, 0, 1, 2000, Duration.ZERO,
                ExitStatus.ERR_REPLY));
        assertFalse(bad.get("ok").getAsBoolean());
        assertEquals(0, bad.get("bytesPerSecond").getAsLong());
    }

    @Test
    void failuresKeepTheExitStatusOfTheHumanOutput() {
        ParleyClientException lost = new ParleyClientException(ParleyClientException.CONNECTION_LOST, true,
                Progress.UNKNOWN, "peer closed", null);
        JsonObject o = JsonOutput.error(lost);
        assertEquals(Failures.exitStatus(lost), o.get("exitStatus").getAsInt());
        assertEquals("unknown", o.get("progress").getAsString());
        assertTrue(o.get("transient").getAsBoolean());
        assertFalse(o.get("message").getAsString().startsWith("CONNECTION_LOST: "), o.toString());

        JsonObject io = JsonOutput.error(new IOException("disk full"));
        assertEquals("IO_ERROR", io.get("code").getAsString());
        assertEquals(ExitStatus.IO_ERROR, JsonOutput.exitStatus(io));
    }
}
