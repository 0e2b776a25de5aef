/**
 * The conformance suite: abstract JUnit 5 tests that a protocol built on Parley extends with its codec or server and
 * a few {@link dev.parley.testkit.server.conformance.Sample}s. {@link
 * dev.parley.testkit.server.conformance.CodecConformance} tests the server side of a codec (every fragmentation,
 * bursts, the line limit, garbage, end of input mid-frame, typed errors only, no leaks);
 * {@link dev.parley.testkit.server.conformance.ProtocolConformance} adds the same at the server, in memory on frozen
 * time, with pipelined bursts and the idle timeout. See {@code docs/TESTKIT.md}.
 */
package dev.parley.testkit.server.conformance;
