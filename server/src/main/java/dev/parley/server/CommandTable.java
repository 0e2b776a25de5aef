package dev.parley.server;

import dev.parley.codec.text.ErrorCode;
import dev.parley.codec.text.ParleyReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The verbs a server answers: the router's commands, the enabled built-ins and the authenticator's verb, looked up
 * with one hash map access per request.
 */
final class CommandTable {

    private final Map<String, Command> table = new HashMap<>();
    private final List<Command> listed = new ArrayList<>();
    private final Command authCommand;

    CommandTable(Router router, Authenticator authenticator) {
        for (Command c : router.commands()) {
            table.put(c.verb(), c);
        }
        if (router.builtins().contains(Builtin.PING)) {
            table.putIfAbsent("ping", Command.query("ping").description("answers OK pong")
                    .handler(new ConstantReply(Reply.PONG)));
        }
        if (router.builtins().contains(Builtin.HELP)) {
            table.putIfAbsent("help", Command.query("help").usage("[verb]").description("lists the commands")
                    .handler(this::help));
        }
        if (router.builtins().contains(Builtin.QUIT)) {
            table.putIfAbsent("quit", Command.action("quit").description("ends the session")
                    .handler(call -> Reply.bye(ErrorCode.QUIT, "")));
        }
        if (authenticator != null) {
            authCommand = Command.action(authenticator.verb()).usage(authenticator.usage())
                    .arity(0, Integer.MAX_VALUE).description("authenticates the session")
                    .handler(call -> {
                        throw new IllegalStateException("handled by the session");
                    });
            table.put(authCommand.verb(), authCommand);
        } else {
            authCommand = null;
        }
        listed.addAll(table.values());
        listed.sort((a, b) -> a.verb().compareTo(b.verb()));
    }

    Command get(String verb) {
        return table.get(verb);
    }

    boolean isAuth(Command command) {
        return command == authCommand;
    }

    private Reply help(Call call) {
        StringBuilder sb = new StringBuilder();
        if (call.args().isEmpty()) {
            for (Command c : listed) {
                sb.append(c).append('\n');
            }
        } else {
            Command c = table.get(call.arg(0));
            if (c == null) {
                return Reply.error(ErrorCode.UNKNOWN_COMMAND, call.arg(0));
            }
            sb.append(c).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuf body = Unpooled.wrappedBuffer(bytes);
        return Reply.withBody(ParleyReply.okWithBody(bytes.length), body);
    }
}
