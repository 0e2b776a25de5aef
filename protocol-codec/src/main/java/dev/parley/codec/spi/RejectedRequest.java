package dev.parley.codec.spi;

/**
 * Emitted by a request decoder in place of a request that cannot be served as sent: the server answers it with the
 * protocol's reply for {@link #failure()} in its turn, like any other request, and the connection stays usable.
 */
public interface RejectedRequest {

    /**
     * @return what was wrong: usually {@link Failure#BAD_REQUEST}, {@link Failure#TOO_LONG} or
     *         {@link Failure#TOO_LARGE}
     */
    Failure failure();

    /** @return details, with the value and the bound where there is one; possibly empty */
    String message();

    /** @return whether the line announced a body whose chunks still follow and must be dropped */
    boolean bodyFollows();
}
