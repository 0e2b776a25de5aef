/**
 * Test tools that need Parley's server and client: a JUnit 5 extension that starts a server per class or per
 * method and injects its address, a connected session and a fault-injecting proxy; an in-memory server harness on
 * {@code EmbeddedChannel} with frozen time; a conformance suite for protocols built on the toolkit; and the client
 * fault matrix. Tools that need no Parley module live in {@code parley-testkit}.
 */
package dev.parley.testkit.server;
