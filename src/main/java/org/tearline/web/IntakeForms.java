package org.tearline.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Request;
import org.tearline.auth.Principal;
import org.tearline.domain.Draft;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.error.NotFoundException;
import org.tearline.error.UnsupportedMediaTypeException;
import org.tearline.http.Uploads;
import org.tearline.intake.DocumentReader;
import org.tearline.intake.IntakeService;
import org.tearline.web.Views.Hidden;

/** The intake pages' forms: the upload, and accepting or rejecting a draft. */
final class IntakeForms {

    private IntakeForms() {}

    /** An action waiting for its confirmation. */
    record Step(String question, List<Hidden> keep, Runnable change, String done) {}

    static Uploads.Upload readUpload(Request request, IntakeService intake) throws IOException {
        if (!Uploads.isMultipart(request)) {
            throw new UnsupportedMediaTypeException("the upload form is sent as multipart/form-data");
        }
        return Uploads.read(request, intake.reader().limits().maxBytes());
    }

    /** Takes the uploaded file, or the pasted text, in as a draft. */
    static Draft take(IntakeService intake, Principal who, Uploads.Upload u) {
        Map<String, String> f = u.fields();
        IntakeService.Document doc;
        if (u.bytes() != null) {
            doc = new IntakeService.Document(u.bytes(), u.contentType(), u.fileName());
        } else if (f.get("text") != null && !f.get("text").isBlank()) {
            doc = new IntakeService.Document(
                    f.get("text").replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8), DocumentReader.TEXT, null);
        } else {
            throw new BadRequestException("choose a file or paste the document's text");
        }
        String published = blank(f.get("published"));
        return intake.take(
                who,
                doc,
                new IntakeService.About(
                        published == null ? null : time(published), blank(f.get("source")), blank(f.get("url"))));
    }

    static Step step(IntakeService intake, Principal who, String id, String action, Form form) {
        Draft d = intake.find(who, id);
        List<Hidden> keep = new ArrayList<>();
        switch (action) {
            case "accept" -> {
                String collection = form.require("collection", "a source collection to accept into");
                keep.add(new Hidden("collection", collection));
                Set<String> chosen = new LinkedHashSet<>(form.all("keep"));
                chosen.forEach(k -> keep.add(new Hidden("keep", k)));
                Map<String, String> corrections = new LinkedHashMap<>();
                for (IntakeService.DraftCandidate dc : IntakeService.candidates(d)) {
                    String v = form.get("value-" + dc.id());
                    if (v != null && chosen.contains(dc.id())) {
                        keep.add(new Hidden("value-" + dc.id(), v));
                        if (!v.strip().equals(dc.candidate().value())) {
                            corrections.put(dc.id(), v);
                        }
                    }
                }
                List<String> markings = form.all("marking");
                markings.forEach(m -> keep.add(new Hidden("marking", m)));
                if (chosen.isEmpty()) {
                    throw new BadRequestException("no candidate is kept: keep at least one, or reject the draft");
                }
                String question = "Accept \u201c" + d.title() + "\u201d into " + collection + " with "
                        + chosen.size() + " of its candidates"
                        + (corrections.isEmpty() ? "" : " (" + corrections.size() + " corrected)")
                        + (markings.isEmpty() ? "" : ", marked " + String.join(", ", markings))
                        + "? The report and its objects are written into the source collection and"
                        + " released by its audiences' policies as any other object.";
                return new Step(
                        question,
                        keep,
                        () -> intake.accept(
                                who, id, new IntakeService.Review(collection, chosen, corrections, markings)),
                        "accepted");
            }
            case "reject" -> {
                String reason = form.require("reason", "why the draft is rejected");
                keep.add(new Hidden("reason", reason));
                return new Step(
                        "Reject \u201c" + d.title() + "\u201d because " + reason + "? Nothing of it is written.",
                        keep,
                        () -> intake.reject(who, id, reason),
                        "rejected");
            }
            default -> throw new NotFoundException("no intake action " + Echo.quote(action));
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(
                    "the publication time " + Echo.quote(text) + " is not a time such as 2024-03-07T19:00:00Z");
        }
    }
}
