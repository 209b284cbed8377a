package org.tearline.taxii;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.tearline.error.PayloadTooLargeException;

/**
 * Fails as soon as more than the allowed number of bytes has been read, so a body without a
 * Content-Length (chunked) is held to the same limit as one with it.
 */
final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private long count;
    private boolean closed;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    /** Reads what is left of the body (bounded) before closing, whatever refused it. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        JsonBodies.discard(in, JsonBodies.DISCARD_LIMIT);
        super.close();
    }

    private void add(long n) {
        count += n;
        if (count > limit) {
            throw new PayloadTooLargeException(
                    "request body exceeds the " + limit + " bytes this API root accepts (max_content_length)");
        }
    }
}
