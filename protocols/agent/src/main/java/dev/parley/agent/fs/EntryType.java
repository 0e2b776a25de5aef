package dev.parley.agent.fs;

import java.nio.file.attribute.BasicFileAttributes;

/** The kind of a directory entry, with the one-letter code used in listings. */
public enum EntryType {
    /** A directory: {@code d}. */
    DIRECTORY('d'),
    /** A regular file: {@code f}. */
    FILE('f'),
    /** A symbolic link, never followed when listed: {@code l}. */
    LINK('l'),
    /** Anything else (FIFO, socket, device): {@code o}. */
    OTHER('o');

    private final char code;

    EntryType(char code) {
        this.code = code;
    }

    /**
     * Returns the one-letter code used in listings.
     *
     * @return {@code d}, {@code f}, {@code l} or {@code o}
     */
    public char code() {
        return code;
    }

    /**
     * Classifies attributes read without following links.
     *
     * @param attributes the entry's attributes
     * @return the entry type
     */
    public static EntryType of(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return LINK;
        }
        if (attributes.isDirectory()) {
            return DIRECTORY;
        }
        if (attributes.isRegularFile()) {
            return FILE;
        }
        return OTHER;
    }
}
