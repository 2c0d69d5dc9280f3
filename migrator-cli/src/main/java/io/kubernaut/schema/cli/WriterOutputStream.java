package io.kubernaut.schema.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes (UTF-8) to a {@link Writer}: the core's progress printer wants a {@link java.io.PrintStream},
 * picocli gives commands a {@link java.io.PrintWriter} (which tests replace to capture output).
 */
final class WriterOutputStream extends OutputStream {

    private final Writer writer;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** Holds the start of a multi-byte character split across two writes. */
    private final ByteBuffer pending = ByteBuffer.allocate(4096);
    private final CharBuffer chars = CharBuffer.allocate(4096);

    WriterOutputStream(Writer writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int position = offset;
        int end = offset + length;
        while (position < end) {
            int chunk = Math.min(pending.remaining(), end - position);
            pending.put(bytes, position, chunk);
            position += chunk;
            decode();
        }
    }

    private void decode() throws IOException {
        pending.flip();
        while (true) {
            boolean overflow = decoder.decode(pending, chars, false).isOverflow();
            drain();
            if (!overflow) {
                break;
            }
        }
        pending.compact();
    }

    private void drain() throws IOException {
        chars.flip();
        writer.write(chars.array(), chars.position(), chars.remaining());
        chars.clear();
    }

    @Override
    public synchronized void flush() throws IOException {
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
