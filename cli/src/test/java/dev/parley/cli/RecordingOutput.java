package dev.parley.cli;

import java.util.ArrayList;
import java.util.List;

/** A {@link ShellOutput} that keeps what the shell printed, each line tagged with how it was printed. */
final class RecordingOutput implements ShellOutput {

    final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void ok(String line) {
        lines.add("ok: " + line);
    }

    @Override
    public synchronized void body(String text) {
        lines.add("body: " + text);
    }

    @Override
    public synchronized void remoteError(String line) {
        lines.add("remote: " + line);
    }

    @Override
    public synchronized void error(String line) {
        lines.add("local: " + line);
    }

    synchronized String last() {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Override
    public synchronized String toString() {
        return String.join("\n", lines);
    }
}
