package dev.parley.cli;

import dev.parley.codec.text.ErrorCode;
import dev.parley.server.Call;
import dev.parley.server.Reply;
import dev.parley.server.Router;
import dev.parley.testkit.proxy.Fault;
import dev.parley.testkit.proxy.FaultProxy;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The verbs of {@code parley proxy}'s control port, a Parley text protocol server: {@code add <fault>} (the
 * fault's text form, e.g. {@code add latency down 200ms}), {@code remove <name>} (a name, or a kind when one fault
 * of that kind is on), {@code list} and {@code clear}, plus the built-ins ({@code ping}, {@code help}, {@code quit}).
 */
final class ProxyControl {

    private ProxyControl() {
    }

    /**
     * Returns the router acting on the given proxy.
     *
     * @param proxy the running proxy
     * @return the router
     */
    static Router router(FaultProxy proxy) {
        return Router.builder()
                .action("add", "<fault>...", call -> add(proxy, call))
                .action("remove", "<name|kind> [direction]", call -> remove(proxy, call.args()))
                .query("list", call -> list(proxy))
                .action("clear", call -> {
                    proxy.clear();
                    return Reply.OK;
                })
                .build();
    }

    private static Reply add(FaultProxy proxy, Call call) {
        Fault fault;
        try {
            fault = Fault.parse(String.join(" ", call.args()));
        } catch (IllegalArgumentException e) {
            return Reply.error(ErrorCode.BAD_ARGS, e.getMessage());
        }
        return Reply.ok(proxy.add(fault));
    }

    /**
     * Removes by name ({@code latency_down}, or {@code latency down}), else by kind when exactly one fault of that
     * kind (and direction, when given) is on.
     */
    static Reply remove(FaultProxy proxy, List<String> args) {
        String name = String.join("_", args);
        if (proxy.remove(name)) {
            return Reply.ok(name);
        }
        String kind = args.get(0).toLowerCase(Locale.ROOT).replace('-', '_');
        String direction = args.size() > 1 ? args.get(1).toLowerCase(Locale.ROOT) : null;
        List<Fault> matches = proxy.faults().stream()
                .filter(f -> f.kind().word().equals(kind))
                .filter(f -> direction == null || f.direction().toString().equals(direction))
                .collect(Collectors.toList());
        if (matches.isEmpty()) {
            return Reply.error(ErrorCode.NOT_FOUND, "no fault named or of kind '" + String.join(" ", args)
                    + "' (on: " + names(proxy.faults()) + ")");
        }
        if (matches.size() > 1) {
            return Reply.error(ErrorCode.BAD_ARGS, matches.size() + " faults of kind '" + String.join(" ", args)
                    + "': " + names(matches) + " (remove one by name)");
        }
        String removed = matches.get(0).name();
        proxy.remove(removed);
        return Reply.ok(removed);
    }

    private static Reply list(FaultProxy proxy) {
        StringBuilder sb = new StringBuilder();
        for (Fault f : proxy.faults()) {
            sb.append(f.name()).append(": ").append(f).append('\n');
        }
        if (sb.length() == 0) {
            return Reply.ok();
        }
        return Reply.okWithBody(Unpooled.wrappedBuffer(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String names(List<Fault> faults) {
        return faults.isEmpty() ? "none" : faults.stream().map(Fault::name).collect(Collectors.joining(", "));
    }
}
