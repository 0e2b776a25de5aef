/**
 * What a protocol's client side implements: {@link dev.parley.client.spi.ClientProtocol} (codec, greeting check,
 * request encoding, keepalive and authentication requests), {@link dev.parley.client.spi.ReplyAssembler} (decoded
 * messages to replies, one per connection) and the {@link dev.parley.client.spi.BodyTarget} it streams reply bodies
 * into. Users of a protocol's client need none of these: {@code dev.parley.client} is the API they call.
 */
package dev.parley.client.spi;
