package dev.parley.codec.text;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The token syntax of the Parley text protocol v1: splitting a line into arguments and writing arguments so they
 * split back the same way.
 *
 * <p>Arguments are separated by spaces (tabs are accepted too). An argument that is empty or contains a space, a
 * double quote, a backslash, a brace or a control character is written in double quotes with the escapes
 * {@code \\ \" \n \r \t \xHH}. Writers quote only when needed; readers accept quoted and bare tokens alike. Lines are
 * UTF-8; {@code \xHH} escapes insert raw bytes, and the unescaped result must still be valid UTF-8.
 */
public final class ParleyText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ParleyText() {
    }

    /**
     * Splits a line into tokens.
     *
     * @param line the line's bytes, from reader to writer index; not modified
     * @return the tokens, possibly empty for a blank line
     * @throws MalformedLineException for invalid UTF-8, an unterminated quote, a bad escape or a quote glued to
     *                                another token
     */
    public static List<String> tokenize(ByteBuf line) throws MalformedLineException {
        int i = line.readerIndex();
        int end = line.writerIndex();
        List<String> tokens = new ArrayList<>(4);
        while (true) {
            while (i < end && isSeparator(line.getByte(i))) {
                i++;
            }
            if (i >= end) {
                return tokens;
            }
            if (line.getByte(i) == '"') {
                i = readQuoted(line, i, end, tokens);
            } else {
                int start = i;
                boolean ascii = true;
                while (i < end) {
                    byte b = line.getByte(i);
                    if (isSeparator(b)) {
                        break;
                    }
                    if (b == '"') {
                        throw new MalformedLineException("unexpected quote at byte " + (i - line.readerIndex()));
                    }
                    ascii &= b >= 0;
                    i++;
                }
                tokens.add(ascii ? line.toString(start, i - start, StandardCharsets.US_ASCII)
                        : decodeUtf8(line, start, i - start, start - line.readerIndex()));
            }
        }
    }

    /**
     * Splits a line at the first run of separators: the first token (bare, not unescaped) and the rest of the line
     * as raw text, for messages such as {@code ERR <CODE> <message>}.
     *
     * @param line the line; not modified
     * @param from index where to start
     * @return the index just after the first token and its trailing separators
     */
    static int skipToken(ByteBuf line, int from) {
        int i = from;
        int end = line.writerIndex();
        while (i < end && !isSeparator(line.getByte(i))) {
            i++;
        }
        while (i < end && isSeparator(line.getByte(i))) {
            i++;
        }
        return i;
    }

    private static int readQuoted(ByteBuf line, int open, int end, List<String> tokens) throws MalformedLineException {
        int base = line.readerIndex();
        byte[] buf = new byte[Math.max(16, end - open)];
        int n = 0;
        int i = open + 1;
        while (true) {
            if (i >= end) {
                throw new MalformedLineException("unterminated quote at byte " + (open - base));
            }
            byte b = line.getByte(i++);
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                if (i >= end) {
                    throw new MalformedLineException("unterminated quote at byte " + (open - base));
                }
                byte e = line.getByte(i++);
                switch (e) {
                    case '\\': b = '\\'; break;
                    case '"': b = '"'; break;
                    case 'n': b = '\n'; break;
                    case 'r': b = '\r'; break;
                    case 't': b = '\t'; break;
                    case 'x':
                        if (i + 2 > end) {
                            throw new MalformedLineException("bad escape \\x at byte " + (i - 2 - base));
                        }
                        int hi = Character.digit(line.getByte(i), 16);
                        int lo = Character.digit(line.getByte(i + 1), 16);
                        if (hi < 0 || lo < 0) {
                            throw new MalformedLineException("bad escape \\x at byte " + (i - 2 - base));
                        }
                        b = (byte) (hi << 4 | lo);
                        i += 2;
                        break;
                    default:
                        throw new MalformedLineException("bad escape \\" + (char) (e & 0xff) + " at byte "
                                + (i - 2 - base));
                }
            }
            buf[n++] = b;
        }
        if (i < end && !isSeparator(line.getByte(i))) {
            throw new MalformedLineException("quote must be followed by a space at byte " + (i - base));
        }
        tokens.add(decodeUtf8(buf, n, open - base));
        return i;
    }

    private static boolean isSeparator(byte b) {
        return b == ' ' || b == '\t';
    }

    private static String decodeUtf8(ByteBuf buf, int index, int length, int at) throws MalformedLineException {
        return decodeUtf8(ByteBufUtil.getBytes(buf, index, length, false), length, at);
    }

    private static String decodeUtf8(byte[] bytes, int length, int at) throws MalformedLineException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedLineException("invalid UTF-8 in token at byte " + at);
        }
    }

    /**
     * Checks that a byte range is valid UTF-8 and returns it as a string.
     *
     * @param buf the buffer; not modified
     * @param index first byte
     * @param length number of bytes
     * @return the decoded text
     * @throws MalformedLineException if the bytes are not valid UTF-8
     */
    public static String utf8(ByteBuf buf, int index, int length) throws MalformedLineException {
        boolean ascii = true;
        for (int i = index; i < index + length && ascii; i++) {
            ascii = buf.getByte(i) >= 0;
        }
        return ascii ? buf.toString(index, length, StandardCharsets.US_ASCII) : decodeUtf8(buf, index, length, 0);
    }

    /**
     * Returns whether an argument must be written in quotes.
     *
     * @param arg the argument
     * @return {@code true} when it is empty or holds a space, quote, backslash, brace or control character
     */
    public static boolean needsQuoting(CharSequence arg) {
        int len = arg.length();
        if (len == 0) {
            return true;
        }
        for (int i = 0; i < len; i++) {
            char c = arg.charAt(i);
            if (c <= ' ' || c == '"' || c == '\\' || c == '{' || c == '}' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the argument as it is written on the wire: bare when possible, else quoted and escaped.
     *
     * @param arg the argument
     * @return the wire form
     */
    public static String quote(CharSequence arg) {
        if (!needsQuoting(arg)) {
            return arg.toString();
        }
        StringBuilder sb = new StringBuilder(arg.length() + 8);
        appendQuoted(sb, arg);
        return sb.toString();
    }

    private static void appendQuoted(StringBuilder sb, CharSequence arg) {
        sb.append('"');
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < ' ' || c == 0x7f) {
                        sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    /**
     * Writes an argument to a buffer in its wire form (UTF-8), without a leading space.
     *
     * @param out the buffer to write to
     * @param arg the argument
     */
    public static void writeArg(ByteBuf out, CharSequence arg) {
        if (needsQuoting(arg)) {
            ByteBufUtil.writeUtf8(out, quote(arg));
        } else {
            ByteBufUtil.writeUtf8(out, arg);
        }
    }

    /**
     * Returns the text of an {@code ERR} or {@code BYE} message as it is sent: on one line ({@link #oneLine}), and
     * with a last word that starts with a brace and ends with one ({@code usage: push <path> {n}}) put in double
     * quotes, since a reader's framing takes such a last token for a body announcement (a malformed one, for
     * {@code {n}}: a framing violation).
     *
     * @param text free text
     * @return the text to send
     */
    public static String message(CharSequence text) {
        String line = oneLine(text);
        int end = line.length();
        if (end < 2 || line.charAt(end - 1) != '}') {
            return line;
        }
        int start = line.lastIndexOf(' ') + 1;
        if (line.charAt(start) != '{') {
            return line;
        }
        return line.substring(0, start) + '"' + line.substring(start) + '"';
    }

    /**
     * Returns free text (an error message) made safe for one line: CR, LF and other control characters become
     * spaces.
     *
     * @param text the text
     * @return the text on one line
     */
    public static String oneLine(CharSequence text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(text);
                }
                sb.setCharAt(i, ' ');
            }
        }
        return sb == null ? text.toString() : sb.toString();
    }
}
