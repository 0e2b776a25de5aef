package dev.parley.memcached;

import dev.parley.memcached.store.ItemStore;
import dev.parley.server.ParleyServer;
import dev.parley.testkit.server.conformance.ProtocolConformance;
import dev.parley.testkit.server.conformance.Sample;

import java.util.List;

/**
 * memcached's text protocol, as {@link MemcachedServer} serves it, runs the whole conformance suite: each connection
 * gets a fresh item store. memcached has no idle timeout (the suite checks that a day of silence leaves the
 * connection open) and its errors are {@code ERROR}, {@code CLIENT_ERROR} and {@code SERVER_ERROR} lines.
 */
class MemcachedConformanceTest extends ProtocolConformance {

    @Override
    protected ParleyServer server() {
        MemcachedServer options = MemcachedServer.builder().server(s -> s.port(0)).build();
        ItemStore store = ItemStore.create(options.storeOptions());
        return RunningMemcachedServer.parleyServer(options, store, new ServerStats(options));
    }

    @Override
    protected List<Sample> samples() {
        return List.of(
                Sample.of("set k 0 0 1\r\nx\r\n", "STORED\r\n"),
                Sample.of("get k\r\n", "VALUE k 0 1\r\nx\r\nEND\r\n"),
                Sample.of("add k 0 0 1\r\ny\r\n", "NOT_STORED\r\n"),
                Sample.of("incr n 1\r\n", "NOT_FOUND\r\n"),
                Sample.of("set n 5 0 1\r\n5\r\nincr n 2\r\n", "STORED\r\n7\r\n"),
                Sample.of("set quiet 0 0 3 noreply\r\nabc\r\n", ""),
                Sample.of("get quiet n\r\n",
                        "VALUE quiet 0 3\r\nabc\r\nVALUE n 5 1\r\n7\r\nEND\r\n"),
                Sample.of("delete k\r\n", "DELETED\r\n"),
                Sample.of("get k\r\n", "END\r\n"),
                Sample.of("version\r\n", "VERSION " + MemcachedServer.VERSION + "\r\n"),
                Sample.of("bogus\r\n", "ERROR\r\n"));
    }

    @Override
    protected String lineEnd() {
        return "\r\n";
    }

    @Override
    protected boolean isErrorReply(String line) {
        return line.equals("ERROR") || line.startsWith("CLIENT_ERROR ") || line.startsWith("SERVER_ERROR ");
    }
}
