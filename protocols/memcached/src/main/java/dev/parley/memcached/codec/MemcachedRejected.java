package dev.parley.memcached.codec;

import dev.parley.codec.spi.Failure;
import dev.parley.codec.spi.RejectedRequest;

/**
 * A command line the server answers without running it: an empty line or a verb that is not lower case
 * ({@link Failure#UNKNOWN_COMMAND}, answered {@code ERROR}), a line over the limit ({@link Failure#TOO_LONG}) or a
 * data block over the item size limit ({@link Failure#TOO_LARGE}); {@link MemcachedFailures} words the answers.
 *
 * @param failure what was wrong
 * @param message details, possibly empty
 * @param bodyFollows whether the line's data block still follows and must be dropped
 */
public record MemcachedRejected(Failure failure, String message, boolean bodyFollows) implements RejectedRequest {
}
