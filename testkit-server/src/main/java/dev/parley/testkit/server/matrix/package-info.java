/**
 * The client fault matrix: tools to prove that a client keeps its promises through a flaky network.
 *
 * <p>The server side counts how often each request ran, by a unique id the request carries
 * ({@link dev.parley.testkit.server.matrix.ExecutionCounter}; {@link dev.parley.testkit.server.matrix.CountingRouter}
 * offers a query, an action and an idempotent action that count themselves and echo their id). The client side
 * records how each call ended ({@link dev.parley.testkit.server.matrix.CallRecorder},
 * {@link dev.parley.testkit.server.matrix.CallRecord}). Between them sits the fault-injecting proxy of
 * {@code parley-testkit}, whose faults a {@link dev.parley.testkit.server.matrix.FaultSwitcher} can turn on and off at
 * random. {@link dev.parley.testkit.server.matrix.FaultMatrix#reconcile} then holds the two records against each
 * other: every call ended by its deadline with a reply or a typed error, no action ran twice, nothing reported as
 * unsent ran, and no reply reached the wrong request.
 *
 * <p>A protocol with its own server and client reuses the same pieces: its handlers call
 * {@link dev.parley.testkit.server.matrix.ExecutionCounter#record}, its calls are recorded with
 * {@link dev.parley.testkit.server.matrix.CallRecord#replied} and
 * {@link dev.parley.testkit.server.matrix.CallRecord#failed}.
 */
package dev.parley.testkit.server.matrix;
