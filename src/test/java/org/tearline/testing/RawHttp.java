package org.tearline.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} will not do: send
 * malformed request lines and URIs, and show what happens to one kept-alive connection.
 */
public final class RawHttp {

    private final URI base;

    public RawHttp(URI base) {
        this.base = base;
    }

    /**
     * Sends bodiless requests one after another on one kept-alive connection, each answer read
     * (by its Content-Length) before the next request is written. Stops after an answer that
     * says {@code Connection: close}; fails when the server closes without saying so.
     *
     * @param heads request line and headers of each request, without Host and the blank line
     */
    public List<TaxiiClient.Reply> exchange(List<String> heads) {
        return exchange(base.getHost() + ":" + base.getPort(), heads);
    }

    /** As {@link #exchange(List)}, with {@code host} as every request's Host header. */
    public List<TaxiiClient.Reply> exchange(String host, List<String> heads) {
        List<TaxiiClient.Reply> replies = new ArrayList<>();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (String head : heads) {
                out.write((head + "\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                TaxiiClient.Reply reply = read(in);
                replies.add(reply);
                if (reply.header("Connection").filter("close"::equalsIgnoreCase).isPresent()) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return replies;
    }

    /** Reads one answer: status line, headers, and a body of Content-Length bytes. */
    private static TaxiiClient.Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException(
                        "connection closed before a complete answer: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        String length = headers.get("content-length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        return new TaxiiClient.Reply(status, headers, body);
    }
}
