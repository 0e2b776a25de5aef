package dev.parley.cli;

import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Stack;

/**
 * Ends option parsing at the remote command: the positional it is attached to takes its own word and every word
 * after it unchanged, so {@code parley call HOST exec uname -a} sends {@code -a} to the agent instead of reading it as
 * an option of {@code parley}. Options go before the remote command; {@code --} still works.
 */
final class RemoteWords implements IParameterConsumer {

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
        List<String> words = new ArrayList<>(args.size());
        while (!args.isEmpty()) {
            words.add(args.pop());
        }
        argSpec.setValue(words);
    }
}
