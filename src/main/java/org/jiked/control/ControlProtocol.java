package org.jiked.control;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Framing of the control socket. One request and one response per connection:
 * <pre>
 *   request  = length(4, big-endian) text(length, UTF-8)
 *   response = status(4, big-endian: 0 ok, 1 error) length(4, big-endian) body(length, UTF-8)
 * </pre>
 * Lengths are bounded on both sides so that neither end can be made to allocate without limit.
 */
public final class ControlProtocol {
    /** Default control socket of a daemon started without {@code --control}. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/jiked/jiked.sock");
    /** Largest request the server accepts; operational commands are one short line. */
    public static final int MAX_REQUEST = 64 * 1024;
    /** Largest response the client accepts: room for a JSON dump of many thousand SAs. */
    public static final int MAX_RESPONSE = 64 * 1024 * 1024;

    private ControlProtocol() {
    }

    /** The peer sent something that is not a valid frame. */
    public static final class FrameException extends IOException {
        private static final long serialVersionUID = 1L;

        public FrameException(String message) {
            super(message);
        }
    }

    public static void writeRequest(WritableByteChannel ch, String commandLine) throws IOException {
        byte[] text = commandLine.getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_REQUEST) {
            throw new FrameException("request of " + text.length + " octets exceeds " + MAX_REQUEST);
        }
        ByteBuffer b = ByteBuffer.allocate(4 + text.length).putInt(text.length).put(text).flip();
        writeFully(ch, b);
    }

    /**
     * Reads one request. Returns null if the peer closed the connection before sending a
     * single octet: that is how a liveness probe looks (see {@link ControlServer#start()}),
     * not a malformed frame.
     */
    public static String readRequest(ReadableByteChannel ch) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4);
        if (ch.read(head) < 0) {
            return null;
        }
        while (head.hasRemaining()) {
            if (ch.read(head) < 0) {
                throw new EOFException("connection closed after " + head.position()
                        + " of 4 octets of request length");
            }
        }
        int len = head.flip().getInt();
        if (len < 0 || len > MAX_REQUEST) {
            throw new FrameException("request length " + Integer.toUnsignedString(len)
                    + " outside 0.." + MAX_REQUEST);
        }
        return decode(readFully(ch, len, "request text"), "request");
    }

    public static void writeResponse(WritableByteChannel ch, ControlResponse r) throws IOException {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + body.length).putInt(r.status()).putInt(body.length).put(body).flip();
        writeFully(ch, b);
    }

    public static ControlResponse readResponse(ReadableByteChannel ch) throws IOException {
        int status = readInt(ch, "response status");
        if (status != ControlResponse.OK && status != ControlResponse.ERROR) {
            throw new FrameException("unknown response status " + status);
        }
        int len = readInt(ch, "response length");
        if (len < 0 || len > MAX_RESPONSE) {
            throw new FrameException("response length " + Integer.toUnsignedString(len)
                    + " outside 0.." + MAX_RESPONSE);
        }
        return new ControlResponse(status, decode(readFully(ch, len, "response body"), "response"));
    }

    private static int readInt(ReadableByteChannel ch, String what) throws IOException {
        return readFully(ch, 4, what).getInt();
    }

    private static ByteBuffer readFully(ReadableByteChannel ch, int n, String what) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("connection closed after " + b.position() + " of " + n
                        + " octets of " + what);
            }
        }
        return b.flip();
    }

    private static void writeFully(WritableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Strict decoding: a frame that is not valid UTF-8 is malformed, not silently mangled. */
    private static String decode(ByteBuffer b, String what) throws FrameException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(b).toString();
        } catch (CharacterCodingException e) {
            throw new FrameException(what + " is not valid UTF-8");
        }
    }
}
