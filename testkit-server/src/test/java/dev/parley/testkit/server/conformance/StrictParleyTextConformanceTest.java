package dev.parley.testkit.server.conformance;

import dev.parley.codec.framing.Framing;
import dev.parley.codec.framing.OversizePolicy;
import dev.parley.codec.pipeline.ParleyTextCodec;
import dev.parley.server.Limits;
import dev.parley.server.ParleyServer;

import java.time.Duration;
import java.util.List;

/**
 * The suite's declared alternatives: a Parley server that trusts nothing after a bad line (a line over a 64-byte
 * limit is a framing violation, one error ends the session) passes it by declaring {@link OnGarbage#CLOSE}; the
 * {@link OversizePolicy#CLOSE} of its framing is read from the codec.
 */
class StrictParleyTextConformanceTest extends ProtocolConformance {

    @Override
    protected ParleyServer server() {
        return ParleyServer.builder()
                .codec(ParleyTextCodec.create(Framing.parley().maxLineLength(64).oversizePolicy(OversizePolicy.CLOSE)
                        .build()))
                .server(s -> s.limits(l -> l.maxConsecutiveErrors(1).idleTimeout(Duration.ofMillis(1500))))
                .build();
    }

    @Override
    protected List<Sample> samples() {
        return List.of(
                Sample.of("ping\n", "OK pong\n"),
                Sample.of("ping\r\nping\n", "OK pong\nOK pong\n"));
    }

    @Override
    protected OnGarbage onGarbage() {
        return OnGarbage.CLOSE;
    }

    @Override
    protected int burstRepeats() {
        return 50;
    }
}
