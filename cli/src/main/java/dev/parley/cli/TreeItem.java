package dev.parley.cli;

import java.nio.file.Path;

/**
 * One step of a push or pull: a directory to create or a file to copy, with its local and remote paths.
 *
 * @param directory whether this is a directory to create (else a regular file to copy)
 * @param local the local path
 * @param remote the remote POSIX path
 * @param size the file's size in bytes, or {@code -1} when unknown; {@code 0} for a directory
 */
record TreeItem(boolean directory, Path local, String remote, long size) {

    static TreeItem dir(Path local, String remote) {
        return new TreeItem(true, local, remote, 0);
    }

    static TreeItem file(Path local, String remote, long size) {
        return new TreeItem(false, local, remote, size);
    }

    /** Joins a remote directory and a name with one slash. */
    static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + '/' + name;
    }

    /** Returns the last name of a remote path, ignoring trailing slashes. */
    static String remoteName(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
