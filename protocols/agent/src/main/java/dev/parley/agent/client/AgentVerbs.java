package dev.parley.agent.client;

import dev.parley.client.Request;
import dev.parley.client.Verbs;

/**
 * Every agent verb's kind, declared in one place: queries are repeated freely, idempotent actions ({@code push} to a
 * fixed path, {@code mkdir -p}) are repeated after a lost connection, and actions ({@code rm}, {@code mv},
 * {@code exec}, {@code run}, {@code output}) are never repeated once they may have run.
 *
 * <table>
 *   <caption>Agent verbs</caption>
 *   <tr><th>kind</th><th>verbs</th></tr>
 *   <tr><td>query</td><td>ping info time cwd cd ls stat hash pull help</td></tr>
 *   <tr><td>idempotent action</td><td>push mkdir chmod</td></tr>
 *   <tr><td>action</td><td>rm mv exec run output</td></tr>
 * </table>
 * {@code cd} is a query because the client sends it with an absolute path (see {@link AgentClient#cd(String)}).
 */
public final class AgentVerbs {

    /** The agent's verb table. */
    public static final Verbs VERBS = Verbs.builder()
            .query("ping", "info", "time", "cwd", "cd", "ls", "stat", "hash", "pull", "help")
            .idempotentAction("push", "mkdir", "chmod")
            .action("rm", "mv", "exec", "run", "output")
            .build();

    private AgentVerbs() {
    }

    /**
     * Returns a request of the verb's declared kind.
     *
     * @param verb an agent verb
     * @param args its arguments
     * @return the request
     */
    public static Request request(String verb, String... args) {
        return VERBS.request(verb, args);
    }

    /**
     * Returns the declared kind of a verb.
     *
     * @param verb an agent verb
     * @return its kind; {@link Request.Kind#ACTION} for a verb that is not declared
     */
    public static Request.Kind kindOf(String verb) {
        return VERBS.kindOf(verb);
    }
}
