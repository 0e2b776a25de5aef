package dev.parley.agent.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The attacking process of the symlink-swap tests: keeps {@code root/race} alternating between a real directory
 * (holding {@code passwd} and {@code victim}) and a link to {@code outside} (holding the same names with
 * {@link #SECRET} in them), each swap one atomic rename. Stop it before the test ends.
 */
public final class SymlinkSwapper implements Runnable {
    /** The secret every outside file holds. */
    public static final String SECRET = "SECRET-outside-the-root";
    /** A file name in both directories. */
    public static final String VICTIM = "victim";
    /** A name only the outside directory has. */
    public static final String OUTSIDE_ONLY = "only-outside.txt";
    /** The outside directory's names, sorted. */
    public static final List<String> OUTSIDE = List.of(OUTSIDE_ONLY, "passwd", VICTIM);

    private final boolean paced;
    private final Path root;
    private final Path outside;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong swaps = new AtomicLong();
    private final AtomicLong repairs = new AtomicLong();
    private final Thread thread;

    private SymlinkSwapper(Path root, Path outside, boolean paced) {
        this.paced = paced;
        this.root = root;
        this.outside = outside;
        this.thread = new Thread(this, "symlink-swapper");
        this.thread.setDaemon(true);
    }

    public static SymlinkSwapper start(Path root, Path outside) throws IOException {
        return start(root, outside, false);
    }

    /**
     * Starts the attacker.
     *
     * @param paced whether it yields the CPU after each rename (for an agent behind a socket on a small machine)
     */
    public static SymlinkSwapper start(Path root, Path outside, boolean paced) throws IOException {
        SymlinkSwapper s = new SymlinkSwapper(root, outside, paced);
        s.restoreOutside();
        Path real = Files.createDirectory(root.resolve("race"));
        Files.writeString(real.resolve("passwd"), "inside");
        Files.writeString(real.resolve(VICTIM), "inside victim");
        Files.createSymbolicLink(root.resolve("race.link"), outside);
        s.thread.start();
        return s;
    }

    @Override
    public void run() {
        Path race = root.resolve("race");
        Path parkedDir = root.resolve("race.dir");
        Path parkedLink = root.resolve("race.link");
        while (running.get()) {
            try {
                Files.move(race, parkedDir, StandardCopyOption.ATOMIC_MOVE);
                Files.move(parkedLink, race, StandardCopyOption.ATOMIC_MOVE);
                pause();
                Files.move(race, parkedLink, StandardCopyOption.ATOMIC_MOVE);
                Files.move(parkedDir, race, StandardCopyOption.ATOMIC_MOVE);
                if (swaps.get() % 64 == 0 && !Files.exists(race.resolve(VICTIM), LinkOption.NOFOLLOW_LINKS)) {
                    Files.writeString(race.resolve(VICTIM), "inside victim");
                }
                swaps.incrementAndGet();
                pause();
            } catch (IOException e) {
                // a rename lost against the agent's own mv of race: put things back and go on
                repair(race, parkedDir, parkedLink);
            }
        }
        repair(race, parkedDir, parkedLink);
    }

    /** Paced: each state lasts a moment, and an agent behind a socket gets some of a small machine's CPU. */
    private void pause() {
        if (paced) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    /**
     * Gets back to "race is the real directory, the link is parked" after a rename lost against the agent: the agent
     * may have created a new {@code race} directory (mkdir and push create missing parents) or moved the entry.
     */
    private void repair(Path race, Path parkedDir, Path parkedLink) {
        try {
            if (Files.isSymbolicLink(race)) {
                if (Files.exists(parkedLink, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(race);
                } else {
                    Files.move(race, parkedLink, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            if (Files.isDirectory(race, LinkOption.NOFOLLOW_LINKS)
                    && Files.isDirectory(parkedDir, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(race, root.resolve("race.extra-" + repairs.incrementAndGet()),
                        StandardCopyOption.ATOMIC_MOVE);
            }
            if (!Files.exists(race, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.isDirectory(parkedDir, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(parkedDir, race, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.createDirectory(race);
                }
            }
            if (!Files.exists(parkedLink, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(parkedLink, outside);
            }
        } catch (IOException e) {
            // the agent moved something meanwhile: the next round repairs again
            Thread.onSpinWait();
        }
    }

    public long swaps() {
        return swaps.get();
    }

    public void stop() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }

    public List<String> outsideNames() {
        try (Stream<Path> s = Files.list(outside)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of("unlistable: " + e);
        }
    }

    public boolean outsideIntact() {
        try {
            return outsideNames().equals(OUTSIDE)
                    && Files.readString(outside.resolve("passwd")).equals(SECRET)
                    && Files.readString(outside.resolve(VICTIM)).equals(SECRET);
        } catch (IOException e) {
            return false;
        }
    }

    /** Puts the outside directory back as it was, so that one leak does not hide the next. */
    public void restoreOutside() throws IOException {
        try (Stream<Path> s = Files.list(outside)) {
            for (Path p : s.toList()) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> w = Files.walk(p)) {
                        for (Path q : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.delete(q);
                        }
                    }
                } else {
                    Files.delete(p);
                }
            }
        }
        Files.writeString(outside.resolve("passwd"), SECRET);
        Files.writeString(outside.resolve(VICTIM), SECRET);
        Files.writeString(outside.resolve(OUTSIDE_ONLY), SECRET);
    }
}
