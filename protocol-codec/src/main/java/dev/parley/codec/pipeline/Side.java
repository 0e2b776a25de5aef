package dev.parley.codec.pipeline;

/** Which end of a connection a pipeline serves. */
public enum Side {
    /** Sends requests, reads replies. */
    CLIENT,
    /** Reads requests, sends replies. */
    SERVER
}
