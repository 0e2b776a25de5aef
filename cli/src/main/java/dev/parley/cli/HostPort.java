package dev.parley.cli;

import picocli.CommandLine.TypeConversionException;

import java.net.InetSocketAddress;

/**
 * A {@code HOST[:PORT]} target, optionally followed by {@code :REMOTE_PATH} for push and pull. IPv6 hosts go in
 * brackets: {@code [::1]:7777}.
 *
 * @param host the host name or address
 * @param port the port
 * @param path the remote path, or {@code null} when none was given
 */
public record HostPort(String host, int port, String path) {

    /**
     * Parses {@code HOST[:PORT]}.
     *
     * @param text the target
     * @param defaultPort the port when none is given
     * @return the target, without a path
     * @throws TypeConversionException if the text is malformed
     */
    public static HostPort parse(String text, int defaultPort) {
        HostPort hp = parse(text, defaultPort, false);
        return hp;
    }

    /**
     * Parses {@code HOST[:PORT]:PATH}, where the path starts at the first {@code /} after the host (or after the
     * last colon when the path is relative).
     *
     * @param text the target with a remote path
     * @param defaultPort the port when none is given
     * @return the target with its path
     * @throws TypeConversionException if the text is malformed or has no path
     */
    public static HostPort parseWithPath(String text, int defaultPort) {
        return parse(text, defaultPort, true);
    }

    private static HostPort parse(String text, int defaultPort, boolean withPath) {
        String host;
        String rest;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new TypeConversionException("'" + text + "': missing ']' after an IPv6 address");
            }
            host = text.substring(1, close);
            rest = text.substring(close + 1);
        } else {
            int colon = text.indexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            rest = colon < 0 ? "" : text.substring(colon);
        }
        if (host.isEmpty()) {
            throw new TypeConversionException("'" + text + "': missing host");
        }
        int port = defaultPort;
        String path = null;
        if (!rest.isEmpty()) {
            if (rest.charAt(0) != ':') {
                throw new TypeConversionException("'" + text + "': expected ':' after the host");
            }
            rest = rest.substring(1);
            int colon = rest.indexOf(':');
            String portText = withPath ? (colon < 0 ? (isPort(rest) ? rest : "") : rest.substring(0, colon)) : rest;
            if (withPath) {
                if (colon >= 0 && isPort(portText)) {
                    path = rest.substring(colon + 1);
                } else if (colon < 0 && isPort(rest)) {
                    path = null;
                } else {
                    portText = "";
                    path = rest;
                }
            }
            if (!portText.isEmpty()) {
                if (!isPort(portText)) {
                    throw new TypeConversionException("'" + text + "': bad port '" + portText + "'");
                }
                port = Integer.parseInt(portText);
                if (port < 1 || port > 65535) {
                    throw new TypeConversionException("'" + text + "': port " + port + " (expected: 1-65535)");
                }
            }
        }
        if (withPath && (path == null || path.isEmpty())) {
            throw new TypeConversionException("'" + text + "': missing remote path (expected HOST[:PORT]:PATH)");
        }
        return new HostPort(host, port, path);
    }

    private static boolean isPort(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** @return an unresolved socket address for the host and port */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return h + ":" + port + (path == null ? "" : ":" + path);
    }
}
