/**
 * What a client session reports about its traffic ({@link dev.parley.client.observe.ClientObserver}), for metrics
 * bindings such as {@code parley-micrometer}. Implemented by those bindings, not called by users.
 */
package dev.parley.client.observe;
