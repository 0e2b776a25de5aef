package dev.parley.agent.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * An open, range-checked part of a file for {@code pull}: a channel with the position and byte count to send, the
 * shape that a zero-copy file region expects. The caller owns the channel: close this region (or hand the channel to
 * something that closes it) when done.
 *
 * @param virtualPath the file's virtual path
 * @param channel     a read-only channel on the file
 * @param position    where the range starts
 * @param count       how many bytes the range holds
 * @param mode        the file's permission bits, or {@link FileMode#UNKNOWN} on a file system without them
 */
public record ReadRegion(String virtualPath, FileChannel channel, long position, long count, int mode)
        implements Closeable {

    /**
     * Checks the components.
     *
     * @param virtualPath the file's virtual path
     * @param channel     the channel
     * @param position    the start of the range
     * @param count       the length of the range
     */
    public ReadRegion {
        Objects.requireNonNull(virtualPath, "virtualPath");
        Objects.requireNonNull(channel, "channel");
    }

    /**
     * Creates a region of a file whose permission bits are not known.
     *
     * @param virtualPath the file's virtual path
     * @param channel     the channel
     * @param position    the start of the range
     * @param count       the length of the range
     */
    public ReadRegion(String virtualPath, FileChannel channel, long position, long count) {
        this(virtualPath, channel, position, count, FileMode.UNKNOWN);
    }

    /**
     * Closes the channel.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
