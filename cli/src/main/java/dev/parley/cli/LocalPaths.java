package dev.parley.cli;

import java.nio.file.Path;

/**
 * Local paths typed in {@code parley shell}: {@code ~} and {@code ~/...} expand to the home directory, a relative
 * path resolves against the shell's directory.
 *
 * @param dir the directory relative paths resolve against
 * @param home the home directory
 */
record LocalPaths(Path dir, Path home) {

    /**
     * Returns the paths of the running process: its working directory and {@code user.home}.
     *
     * @return the local paths
     */
    static LocalPaths ofProcess() {
        return new LocalPaths(Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Resolves a typed path.
     *
     * @param typed as typed
     * @return an absolute path
     */
    Path resolve(String typed) {
        if ("~".equals(typed)) {
            return home;
        }
        if (typed.startsWith("~/")) {
            return home.resolve(typed.substring(2));
        }
        return dir.resolve(typed);
    }

    /**
     * Whether a typed path means a directory to copy into by its form alone: it ends with a separator.
     *
     * @param typed as typed
     * @return whether it ends with {@code /} (or the platform's separator)
     */
    static boolean endsWithSeparator(String typed) {
        return typed.endsWith("/") || typed.endsWith(java.io.File.separator);
    }
}
