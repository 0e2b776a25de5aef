package dev.parley.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.List;

/**
 * Walks a local file or directory for a push: directories before what they hold, regular files with their sizes.
 * A symbolic link named as the source is followed; links met inside a directory are skipped with a warning, as
 * are FIFOs, sockets and devices.
 */
final class LocalTree {

    private LocalTree() {
    }

    static void walk(Path source, String remote, List<TreeItem> items, Tally tally, PrintWriter err) {
        Path start;
        try {
            start = source.toRealPath();
        } catch (IOException e) {
            err.println("parley: " + source + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            tally.failed(ExitStatus.IO_ERROR, source.toString(), remote, 0, e);
            return;
        }
        try {
            Files.walkFileTree(start, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            items.add(TreeItem.dir(named(source, start, dir), remote(start, dir, remote)));
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile()) {
                                items.add(TreeItem.file(named(source, start, file), remote(start, file, remote),
                                        attrs.size()));
                            } else {
                                err.println("parley: warning: " + named(source, start, file) + ": "
                                        + (attrs.isSymbolicLink() ? "symbolic link" : "not a regular file")
                                        + ", skipped");
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            Path name = named(source, start, file);
                            err.println("parley: " + name + ": " + e.getClass().getSimpleName() + ": "
                                    + e.getMessage());
                            tally.failed(ExitStatus.IO_ERROR, name.toString(), remote(start, file, remote), 0, e);
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            err.println("parley: " + source + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            tally.failed(ExitStatus.IO_ERROR, source.toString(), remote, 0, e);
        }
    }

    /** The path of {@code entry} (under the resolved {@code start}) as seen through {@code source}. */
    private static Path named(Path source, Path start, Path entry) {
        Path rel = start.relativize(entry);
        return rel.toString().isEmpty() ? source : source.resolve(rel);
    }

    private static String remote(Path start, Path entry, String remote) {
        Path rel = start.relativize(entry);
        String path = remote;
        for (Path name : rel) {
            if (!name.toString().isEmpty()) {
                path = TreeItem.join(path, name.toString());
            }
        }
        return path;
    }
}
