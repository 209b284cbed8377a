package org.tearline.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.tearline.error.BadRequestException;

/**
 * A multipart form read to its end with Jetty's parser, within bounds, for the console's forms
 * and intake's uploads alike. What a failed parse means to the user (a form too large, an upload
 * unreadable) is the caller's to say, so the parser's own failures are passed on as they are.
 */
public final class Multipart {

    private Multipart() {}

    /**
     * The parts of the request's multipart body.
     *
     * @param contentType the request's Content-Type, which must name the boundary
     * @param maxLength   the most bytes the whole body (and the parts kept in memory) may take
     * @param maxFileSize the most bytes one part may take
     * @param maxParts    the most parts
     * @param wait        how long to wait for the body to arrive
     * @throws BadRequestException when the Content-Type names no boundary
     */
    public static MultiPartFormData.Parts parse(
            Request request, String contentType, long maxLength, long maxFileSize, int maxParts, Duration wait)
            throws InterruptedException, ExecutionException, TimeoutException {
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty()) {
            throw new BadRequestException("the multipart form names no boundary in its Content-Type");
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setMaxLength(maxLength);
        parser.setMaxMemoryFileSize(maxLength);
        parser.setMaxFileSize(maxFileSize);
        parser.setMaxParts(maxParts);
        CompletableFuture<MultiPartFormData.Parts> parsed = new CompletableFuture<>();
        parser.parse(
                request,
                Promise.Invocable.from(InvocationType.NON_BLOCKING, parsed::complete, parsed::completeExceptionally));
        return parsed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
