package dev.parley.agent.fs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the reader threads of one run keep of a program's output: the first {@code cap} bytes of all its streams
 * together, as chunks in the order they were read (consecutive pieces of one stream joined); the rest is counted and
 * dropped. Thread-safe.
 */
final class OutputLog implements ProgramOutput {

    private final int cap;
    private final List<ExecChunk> done = new ArrayList<>();
    private ExecChunk.Stream current;
    private ByteArrayOutputStream open;
    private int kept;
    private long total;

    OutputLog(int cap) {
        this.cap = cap;
    }

    @Override
    public synchronized void append(ExecChunk.Stream stream, byte[] buffer, int n) {
        total += n;
        int room = Math.max(0, Math.min(n, cap - kept));
        if (room == 0) {
            return;
        }
        if (stream != current) {
            closeOpen();
            current = stream;
            open = new ByteArrayOutputStream(room);
        }
        open.write(buffer, 0, room);
        kept += room;
    }

    @Override
    public void close() {
        // Appends never wait here.
    }

    @Override
    public synchronized Snapshot snapshot() {
        List<ExecChunk> chunks = new ArrayList<>(done);
        if (open != null) {
            chunks.add(new ExecChunk(current, open.toByteArray()));
        }
        return new Snapshot(chunks, total, total > kept);
    }

    private void closeOpen() {
        if (open != null) {
            done.add(new ExecChunk(current, open.toByteArray()));
        }
    }
}
