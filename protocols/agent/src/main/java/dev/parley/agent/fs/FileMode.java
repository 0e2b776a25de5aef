package dev.parley.agent.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * POSIX permission bits as transfers carry them: the nine {@code rwx} bits of user, group and other, written as four
 * octal digits ({@code 0644}), on the wire as the argument {@code mode=0644}. Setuid, setgid and sticky bits are never
 * carried: {@link #parse(String)} accepts them (so that a value copied from {@code stat} is not refused) and drops
 * them, and {@link #of(Set)} cannot express them.
 *
 * <p>What a receiving end applies is {@link #applied(int, int, boolean)}: the bits it was sent, less its mask, plus
 * the owner's access it needs to go on serving the entry ({@code r} on a file, {@code rwx} on a directory), so that a
 * re-run of the same copy can still hash, list and write into what the first run created.
 */
public final class FileMode {

    /** The bits a mode may carry: {@code rwxrwxrwx}. */
    public static final int PERMISSION_BITS = 0777;

    /** The mask an agent applies by default: no write for group and other ({@code 022}). */
    public static final int DEFAULT_MASK = 0022;

    /** The argument prefix on the wire: {@code mode=0644}. */
    public static final String ARGUMENT_PREFIX = "mode=";

    /** No mode known (a non-POSIX file system, or an agent or client that does not send one). */
    public static final int UNKNOWN = -1;

    private static final PosixFilePermission[] BY_BIT = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private FileMode() {
    }

    /**
     * Reads a local file's permission bits, following a link.
     *
     * @param file the file or directory
     * @return 0 to {@code 0777}, or {@link #UNKNOWN} on a file system without POSIX permissions
     * @throws IOException if the file cannot be read
     */
    public static int read(Path file) throws IOException {
        if (!isPosix(file)) {
            return UNKNOWN;
        }
        return of(Files.getPosixFilePermissions(file));
    }

    /**
     * Sets a local file's permission bits, following a link; does nothing on a file system without them.
     *
     * @param file the file or directory
     * @param mode 0 to {@code 0777}; higher bits are ignored
     * @return whether the bits were set
     * @throws IOException if they cannot be set
     */
    public static boolean write(Path file, int mode) throws IOException {
        if (mode == UNKNOWN || !isPosix(file)) {
            return false;
        }
        Files.setPosixFilePermissions(file, permissions(mode));
        return true;
    }

    private static boolean isPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Returns the mode bits of a permission set.
     *
     * @param permissions the permissions
     * @return a value of 0 to {@code 0777}
     */
    public static int of(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if (permissions.contains(BY_BIT[bit])) {
                mode |= 1 << bit;
            }
        }
        return mode;
    }

    /**
     * Returns the permission set of mode bits; bits above {@code 0777} are ignored.
     *
     * @param mode the bits
     * @return a new mutable set
     */
    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(BY_BIT[bit]);
            }
        }
        return set;
    }

    /**
     * Returns what a receiving end applies: {@code mode & 0777 & ~mask}, plus {@code 0400} for a file and
     * {@code 0700} for a directory.
     *
     * @param mode      the bits sent
     * @param mask      the bits the receiving end never grants (an agent's mask, {@code 022} by default)
     * @param directory whether the entry is a directory
     * @return the bits to apply, never above {@code 0777}
     */
    public static int applied(int mode, int mask, boolean directory) {
        return (mode & PERMISSION_BITS & ~mask) | (directory ? 0700 : 0400);
    }

    /**
     * Writes mode bits as four octal digits.
     *
     * @param mode a value of 0 to {@code 0777}
     * @return for example {@code 0644}
     */
    public static String format(int mode) {
        String octal = Integer.toOctalString(mode & PERMISSION_BITS);
        return "0000".substring(octal.length()) + octal;
    }

    /**
     * Reads 3 or 4 octal digits; setuid, setgid and sticky bits are dropped.
     *
     * @param octal the digits, e.g. {@code 755} or {@code 0755}
     * @return the permission bits, 0 to {@code 0777}
     * @throws IllegalArgumentException if the text is not 3 or 4 octal digits
     */
    public static int parse(String octal) {
        if (octal.length() < 3 || octal.length() > 4) {
            throw new IllegalArgumentException("mode: " + octal + " (expected: 3 or 4 octal digits)");
        }
        int mode = 0;
        for (int i = 0; i < octal.length(); i++) {
            char c = octal.charAt(i);
            if (c < '0' || c > '7') {
                throw new IllegalArgumentException("mode: " + octal + " (expected: 3 or 4 octal digits)");
            }
            mode = mode * 8 + (c - '0');
        }
        return mode & PERMISSION_BITS;
    }

    /**
     * Returns the wire argument for mode bits.
     *
     * @param mode a value of 0 to {@code 0777}
     * @return {@code mode=0644}
     */
    public static String argument(int mode) {
        return ARGUMENT_PREFIX + format(mode);
    }

    /**
     * Returns whether a wire argument is a mode argument ({@code mode=...}).
     *
     * @param argument the argument
     * @return whether it starts with {@value #ARGUMENT_PREFIX}
     */
    public static boolean isArgument(String argument) {
        return argument.startsWith(ARGUMENT_PREFIX);
    }

    /**
     * Reads a wire argument {@code mode=0644}.
     *
     * @param argument the argument
     * @return the permission bits
     * @throws IllegalArgumentException if it is not {@code mode=} and 3 or 4 octal digits
     */
    public static int fromArgument(String argument) {
        if (!isArgument(argument)) {
            throw new IllegalArgumentException("mode: " + argument + " (expected: mode=<octal>)");
        }
        return parse(argument.substring(ARGUMENT_PREFIX.length()));
    }
}
