package dev.parley.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the token of {@code --token-file}: the file's first line, trimmed. */
final class TokenFile {

    private TokenFile() {
    }

    /**
     * Reads the token.
     *
     * @param commandLine the command, for the usage error
     * @param file the file named by {@code --token-file}
     * @return the token, never empty
     * @throws ParameterException if the file cannot be read or its first line is empty
     */
    static String read(CommandLine commandLine, Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
        } catch (IOException e) {
            throw new ParameterException(commandLine, "--token-file " + file + ": cannot read it ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (token.isEmpty()) {
            throw new ParameterException(commandLine, "--token-file " + file + ": the file is empty");
        }
        return token;
    }
}
