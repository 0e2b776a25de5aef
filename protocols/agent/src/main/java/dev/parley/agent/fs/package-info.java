/**
 * The automation agent's file and exec operations, without any networking: the blocking core that the agent's
 * server-side command handlers call from their executor.
 *
 * <ul>
 *   <li>{@link dev.parley.agent.fs.Sandbox} holds the root open and confines client POSIX paths (relative to the
 *       session's working directory, or absolute with {@code /} as the sandbox root) at the moment of use: every
 *       operation walks its path from the open root, one directory opened relative to the last, links resolved
 *       through the same walk, and denies anything that would leave the root through {@code ..}, a symbolic link, a
 *       NUL byte or an unrepresentable name.</li>
 *   <li>{@link dev.parley.agent.fs.AgentFiles} implements {@code cd}, {@code ls}, {@code stat}, {@code hash},
 *       {@code mkdir}, {@code rm}, {@code mv}, {@code pull} ({@link dev.parley.agent.fs.ReadRegion}, ready for a
 *       zero-copy file region) and {@code push} ({@link dev.parley.agent.fs.PushWriter}: a temporary file in the
 *       agent's staging directory, renamed into place on commit).</li>
 *   <li>{@link dev.parley.agent.fs.ExecRunner} runs programs allowed by an {@link dev.parley.agent.fs.ExecPolicy}
 *       (none by default), without a shell, with a time limit and an output cap.</li>
 * </ul>
 *
 * <p>Every failure is a {@link dev.parley.agent.fs.SandboxException} carrying an
 * {@link dev.parley.codec.text.ErrorCode} ({@code DENIED}, {@code NOT_FOUND}, {@code EXISTS}, {@code FAILED},
 * {@code BAD_ARGS}) and a message that names virtual paths only, so that it can be sent to the client unchanged.
 * Logging goes to the {@code parley.agent.fs} and {@code parley.agent.exec} loggers.
 */
package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;
