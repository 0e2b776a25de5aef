/**
 * What a server reports about its traffic ({@link dev.parley.server.observe.ServerObserver}), for metrics bindings
 * such as {@code parley-micrometer}. Implemented by those bindings, not called by users.
 */
package dev.parley.server.observe;
