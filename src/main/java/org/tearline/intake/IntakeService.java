package org.tearline.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.tearline.audit.AuditEvent;
import org.tearline.audit.Disclosures;
import org.tearline.auth.Principal;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Draft;
import org.tearline.domain.Provenance;
import org.tearline.domain.StoredObject;
import org.tearline.error.BadRequestException;
import org.tearline.error.ConflictException;
import org.tearline.error.Echo;
import org.tearline.error.NotFoundException;
import org.tearline.error.PermissionDeniedException;
import org.tearline.error.UnprocessableException;
import org.tearline.intake.extract.Candidate;
import org.tearline.intake.extract.CandidateKind;
import org.tearline.intake.extract.Extraction;
import org.tearline.intake.extract.ExtractionRequest;
import org.tearline.intake.extract.KnownActor;
import org.tearline.release.Markings;
import org.tearline.service.Access;
import org.tearline.service.ObjectService;
import org.tearline.stix.Canonical;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.stix.Tlp;
import org.tearline.store.Store;
import org.tearline.store.StoreTx;

/**
 * Takes documents in as drafts and turns reviewed drafts into intelligence. A draft (the
 * document's text and digest, a STIX report drafted for it, the candidates extraction found)
 * is kept apart from every collection, so nothing of it can reach an audience. Accepting
 * writes the chosen candidates' objects and the report into a source collection through the
 * object service, validated as any post is and released by the policies as any source object
 * is; accepting and rejecting are recorded in the disclosure record with the document's hash.
 *
 * <p>Past 500 lines because a draft's life (taken in, shown, accepted, rejected) is one small
 * state machine over one stored record, and the JSON the API and the command line show of it is
 * read from the same fields; the reading of documents and the making of STIX objects, which do
 * not depend on it, live beside it.
 */
public final class IntakeService {

    /** Longest source name or title kept. */
    static final int MAX_NAME = 300;

    private final Store store;
    private final ObjectService objects;
    private final Extraction extraction;
    private final DocumentReader reader;
    private final Disclosures disclosures;
    // Values the operator keeps out of the indicators (intake.benign), beyond the engine's own.
    private final Set<String> benign;
    private final Clock clock;

    public IntakeService(
            Store store,
            ObjectService objects,
            Extraction extraction,
            DocumentReader reader,
            Disclosures disclosures,
            Set<String> benign,
            Clock clock) {
        this.benign = Set.copyOf(benign);
        this.store = store;
        this.objects = objects;
        this.extraction = extraction;
        this.reader = reader;
        this.disclosures = disclosures;
        this.clock = clock;
    }

    /**
     * A document as received.
     *
     * @param bytes     its bytes
     * @param mediaType the type its sender declared, or null
     * @param fileName  its file name, or null
     */
    // Handed from the edge to the reader once; never compared or hashed.
    @SuppressWarnings("ArrayRecordComponent")
    public record Document(byte[] bytes, String mediaType, String fileName) {}

    /**
     * What the sender says about a document.
     *
     * @param published when it was published, or null for "now"
     * @param source    who published it, or null
     * @param url       where, or null
     * @param title     the title to give the draft, or null to take the document's own
     */
    public record About(Instant published, String source, String url, String title) {

        /** Without a title of its own. */
        public About(Instant published, String source, String url) {
            this(published, source, url, null);
        }
    }

    /** A candidate of a draft, with the id the review names it by. */
    public record DraftCandidate(String id, Candidate candidate) {}

    /** What accepting a draft wrote. */
    public record Accepted(Draft draft, String reportId, List<String> objectIds) {}

    /** A review's choices. */
    public record Review(String collection, Set<String> only, Map<String, String> corrections, List<String> markings) {

        public Review {
            only = only == null ? null : Set.copyOf(only);
            corrections = Map.copyOf(corrections);
            markings = List.copyOf(markings);
        }
    }

    public DocumentReader reader() {
        return reader;
    }

    // --- taking in ---------------------------------------------------------------------

    /** Reads a document, finds its candidates and keeps it as a draft. */
    public Draft take(Principal who, Document document, About about) {
        requireProducer(who);
        String url = checkUrl(about.url());
        String source = checkName(about.source(), "source");
        DocumentReader.Read read = reader.read(document.bytes(), document.mediaType());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant published = about.published() == null ? now : about.published();
        String sha256 = Canonical.sha256(document.bytes());
        List<KnownActor> actors = store.read(IntakeService::knownActors);
        List<Candidate> found = extraction.extract(new ExtractionRequest(
                read.text(), published, Optional.ofNullable(url).map(IntakeService::host), actors, benign));
        int pages = read.text().pages().size();
        ArrayNode candidates = StixJson.mapper().createArrayNode();
        int n = 0;
        for (Candidate c : found) {
            if (c.page() > pages
                    || c.end() > read.text().pages().get(c.page() - 1).length()) {
                throw new IllegalStateException("extraction returned a candidate outside the text: " + c.rule()
                        + " on page " + c.page() + " [" + c.start() + ", " + c.end() + ")");
            }
            n++;
            candidates.add(candidateJson("c" + n, c));
        }
        String given = checkName(about.title(), "title");
        String title = given != null ? clip(given) : title(read, document.fileName());
        ObjectNode report = report(title, published, source, url, sha256, read.mediaType(), now);
        Draft d = new Draft(
                "draft--" + UUID.randomUUID(),
                Draft.State.DRAFT,
                title,
                read.mediaType(),
                sha256,
                published,
                about.published() != null,
                source,
                url,
                who.name(),
                now,
                read.text().pages(),
                report.toString(),
                candidates.toString(),
                n,
                null,
                null,
                null,
                null);
        store.write(tx -> {
            tx.drafts().createDraft(d);
            return null;
        });
        return d;
    }

    /** The drafted report: the document's title, publication time, source and digest. */
    private static ObjectNode report(
            String title, Instant published, String source, String url, String sha256, String type, Instant now) {
        String stamp = StixTimestamp.format(now);
        ObjectNode r = StixJson.mapper().createObjectNode();
        r.put("type", "report");
        r.put("spec_version", "2.1");
        r.put("id", "report--" + UUID.randomUUID());
        r.put("created", stamp);
        r.put("modified", stamp);
        r.put("name", title);
        r.put("published", StixTimestamp.format(published));
        r.putArray("report_types").add("threat-report");
        ObjectNode ref = r.putArray("external_references").addObject();
        ref.put("source_name", source == null ? "document" : source);
        if (url != null) {
            ref.put("url", url);
        }
        ref.put("description", "the document taken in (" + type + ")");
        ref.putObject("hashes").put("SHA-256", sha256);
        return r;
    }

    private static String title(DocumentReader.Read read, String fileName) {
        if (read.title() != null) {
            return clip(read.title());
        }
        // A document's first line is usually its headline; a file name says less.
        return read.text()
                .pages()
                .get(0)
                .lines()
                .filter(line -> !line.isBlank())
                .findFirst()
                .map(line -> clip(line.strip()))
                .orElse(fileName != null && !fileName.isBlank() ? clip(fileName.strip()) : "Untitled document");
    }

    private static String clip(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 120 ? one : one.substring(0, 119) + "\u2026";
    }

    private static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI u = new URI(url.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && url.length() <= 2_000) {
                return u.toString();
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw new BadRequestException("the document's URL " + Echo.quote(url)
                + " is not an absolute http or https URL of at most 2000 characters");
    }

    private static String host(String url) {
        return URI.create(url).getHost().toLowerCase(Locale.ROOT);
    }

    private static String checkName(String name, String what) {
        if (name == null || name.isBlank()) {
            return null;
        }
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("the " + what + " must be one line of at most " + MAX_NAME + " characters");
        }
        return name.strip();
    }

    /** The threat actors and intrusion sets the source collections hold, to match by name. */
    private static List<KnownActor> knownActors(StoreTx tx) {
        List<String> sources = tx.collections().allCollections().stream()
                .filter(c -> c.kind() == CollectionKind.SOURCE)
                .map(CollectionInfo::id)
                .toList();
        if (sources.isEmpty()) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>(tx.objects().idsOfType(sources, "threat-actor"));
        ids.addAll(tx.objects().idsOfType(sources, "intrusion-set"));
        List<KnownActor> out = new ArrayList<>();
        for (StoredObject o : tx.objects().latestObjects(sources, ids).values()) {
            JsonNode j = json(o.json());
            if (!j.path("name").isTextual()) {
                continue;
            }
            List<String> aliases = new ArrayList<>();
            j.path("aliases").forEach(a -> aliases.add(a.asText()));
            out.add(new KnownActor(j.path("id").asText(), j.path("name").asText(), aliases));
        }
        return out;
    }

    // --- reading -----------------------------------------------------------------------

    /** Every draft, newest first. */
    public List<Draft.Summary> list(Principal who) {
        requireProducer(who);
        return store.read(tx -> tx.drafts().draftSummaries());
    }

    /** One draft. */
    public Draft find(Principal who, String id) {
        requireProducer(who);
        return store.read(tx -> tx.drafts().findDraft(id))
                .orElseThrow(() -> new NotFoundException("draft " + Echo.quote(id) + " does not exist"));
    }

    /** A draft's candidates, in document order. */
    public static List<DraftCandidate> candidates(Draft d) {
        List<DraftCandidate> out = new ArrayList<>();
        for (JsonNode c : json(d.candidates())) {
            Map<String, String> details = new TreeMap<>();
            c.path("details")
                    .properties()
                    .forEach(e -> details.put(e.getKey(), e.getValue().asText()));
            out.add(new DraftCandidate(
                    c.path("id").asText(),
                    new Candidate(
                            CandidateKind.valueOf(c.path("kind").asText()),
                            c.path("value").asText(),
                            c.path("page").asInt(),
                            c.path("start").asInt(),
                            c.path("end").asInt(),
                            c.path("snippet").asText(),
                            c.path("rule").asText(),
                            details)));
        }
        return out;
    }

    /** A draft as the API and the command line show it. */
    public static ObjectNode describe(Draft d, boolean withText) {
        ObjectNode n = StixJson.mapper().createObjectNode();
        n.put("id", d.id());
        n.put("state", d.state().label());
        n.put("title", d.title());
        n.put("media_type", d.mediaType());
        n.put("sha256", d.sha256());
        n.put("published", StixTimestamp.format(d.published()));
        n.put("published_given", d.publishedGiven());
        if (!d.publishedGiven()) {
            n.put("published_note", "no publication time was given: the intake time is used");
        }
        n.put("source", d.source());
        n.put("url", d.url());
        n.put("author", d.author());
        n.put("created", StixTimestamp.format(d.created()));
        n.put("pages", d.pages().size());
        if (d.decidedBy() != null) {
            n.put("decided_by", d.decidedBy());
            n.put("decided_at", StixTimestamp.format(d.decidedAt()));
        }
        if (d.reason() != null) {
            n.put("reason", d.reason());
        }
        if (d.collectionId() != null) {
            n.put("collection", d.collectionId());
        }
        n.set("report", json(d.report()));
        n.set("candidates", json(d.candidates()));
        if (withText) {
            ArrayNode text = n.putArray("text");
            d.pages().forEach(text::add);
        }
        return n;
    }

    /** A summary as the API shows it. */
    public static ObjectNode describe(Draft.Summary s) {
        ObjectNode n = StixJson.mapper().createObjectNode();
        n.put("id", s.id());
        n.put("state", s.state().label());
        n.put("title", s.title());
        n.put("author", s.author());
        n.put("created", StixTimestamp.format(s.created()));
        n.put("candidates", s.candidateCount());
        n.put("sha256", s.sha256());
        return n;
    }

    // --- review ------------------------------------------------------------------------

    /**
     * Accepts a draft: the chosen candidates (all when {@code only} is null), corrected where
     * the review says, become STIX objects in a source collection, with the report referring to
     * them, in one transaction with the draft's new state and the record's entry.
     */
    public Accepted accept(Principal who, String id, Review review) {
        requireProducer(who);
        Draft d = find(who, id);
        requireOpen(d);
        CollectionInfo c = store.read(tx -> tx.collections()
                        .findCollection(review.collection())
                        .or(() -> tx.collections().allCollections().stream()
                                .filter(x -> review.collection().equals(x.alias()))
                                .findFirst()))
                .orElseThrow(() ->
                        new NotFoundException("collection " + Echo.quote(review.collection()) + " does not exist"));
        if (c.kind() != CollectionKind.SOURCE) {
            throw new BadRequestException("a draft is accepted into a source collection; "
                    + Echo.quote(review.collection()) + " is a " + c.kind().dbName() + " collection");
        }
        List<String> markings = markingIds(review.markings());
        List<DraftCandidate> all = candidates(d);
        Set<String> known = new LinkedHashSet<>();
        all.forEach(x -> known.add(x.id()));
        unknown(review.only(), known, "--only");
        unknown(review.corrections().keySet(), known, "a correction");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<ObjectNode> made = new ArrayList<>();
        Set<String> refs = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        Map<CandidateKind, Integer> byKind = new EnumMap<>(CandidateKind.class);
        for (DraftCandidate dc : all) {
            if (review.only() != null && !review.only().contains(dc.id())) {
                continue;
            }
            Candidate k = dc.candidate();
            String value = review.corrections().getOrDefault(dc.id(), k.value()).strip();
            if (value.isEmpty() || value.length() > 2_000) {
                throw new BadRequestException(
                        "the correction of candidate " + dc.id() + " must be 1 to 2000 characters");
            }
            byKind.merge(k.kind(), 1, Integer::sum);
            CandidateObjects.Made m = CandidateObjects.make(dc.id(), k.kind(), value, k.details(), now, markings);
            if (m instanceof CandidateObjects.Made.NewObject o) {
                made.add(o.object());
                refs.add(o.object().get("id").asText());
            } else if (m instanceof CandidateObjects.Made.Reference r) {
                refs.add(r.id());
            } else if (m instanceof CandidateObjects.Made.Note note) {
                notes.add(note.text());
            }
        }
        if (refs.isEmpty()) {
            throw new UnprocessableException("nothing to accept: the chosen candidates make no STIX object"
                    + " (a report must refer to at least one); choose candidates, or reject the draft");
        }
        ObjectNode report = (ObjectNode) json(d.report());
        String stamp = StixTimestamp.format(now);
        report.put("created", stamp);
        report.put("modified", stamp);
        ArrayNode objectRefs = report.putArray("object_refs");
        refs.forEach(objectRefs::add);
        if (!markings.isEmpty()) {
            ArrayNode m = report.putArray("object_marking_refs");
            markings.forEach(m::add);
        }
        StringBuilder description =
                new StringBuilder("Taken in by Tearline intake from a document of SHA-256 " + d.sha256()
                        + (d.publishedGiven() ? "." : "; no publication time was given, so the intake time is used."));
        notes.forEach(x -> description.append(' ').append(x));
        report.put("description", description.toString());
        List<ObjectNode> writes = new ArrayList<>(made);
        writes.add(report);
        String reportId = report.get("id").asText();
        ObjectNode detail = StixJson.mapper().createObjectNode();
        detail.put("draft", d.id());
        detail.put("sha256", d.sha256());
        detail.put("collection", c.id());
        detail.put("report", reportId);
        detail.put("objects", made.size());
        ObjectNode kinds = detail.putObject("candidates");
        byKind.forEach((k, v) -> kinds.put(k.name().toLowerCase(Locale.ROOT), v));
        Set<String> written = new LinkedHashSet<>();
        writes.forEach(o -> written.add(o.get("id").asText()));
        objects.writeVersions(c.id(), writes, new Provenance("intake", who.name()), who.name(), tx -> {
            if (!Access.of(tx, who, c).canWrite()) {
                throw new PermissionDeniedException(
                        "user " + Echo.quote(who.name()) + " may not write to collection " + Echo.quote(c.id()));
            }
            if (!tx.drafts().decideDraft(d.id(), Draft.State.ACCEPTED, who.name(), now, null, c.id())) {
                throw new ConflictException("draft " + Echo.quote(d.id()) + " was reviewed meanwhile");
            }
            disclosures.record(
                    tx, List.of(new AuditEvent("intake-accepted", who.name(), null, d.id(), detail, written)));
        });
        return new Accepted(find(who, id), reportId, List.copyOf(written));
    }

    /** Rejects a draft, with the reason; nothing of it is written anywhere. */
    public Draft reject(Principal who, String id, String reason) {
        requireProducer(who);
        if (reason == null || reason.isBlank()) {
            throw new BadRequestException("rejecting a draft needs a reason");
        }
        if (reason.length() > 2_000) {
            throw new BadRequestException("the reason is " + reason.length() + " characters; at most 2000 are kept");
        }
        Draft d = find(who, id);
        requireOpen(d);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode detail = StixJson.mapper().createObjectNode();
        detail.put("draft", d.id());
        detail.put("sha256", d.sha256());
        store.write(tx -> {
            if (!tx.drafts().decideDraft(d.id(), Draft.State.REJECTED, who.name(), now, reason.strip(), null)) {
                throw new ConflictException("draft " + Echo.quote(d.id()) + " was reviewed meanwhile");
            }
            disclosures.record(
                    tx, List.of(new AuditEvent("intake-rejected", who.name(), null, d.id(), detail, Set.of())));
            return null;
        });
        return find(who, id);
    }

    // --- plumbing ----------------------------------------------------------------------

    private static void requireOpen(Draft d) {
        if (d.state() != Draft.State.DRAFT) {
            throw new ConflictException("draft " + Echo.quote(d.id()) + " was already "
                    + d.state().label() + (d.decidedBy() == null ? "" : " by " + d.decidedBy()));
        }
    }

    private static void unknown(Collection<String> named, Set<String> known, String where) {
        if (named == null) {
            return;
        }
        for (String n : named) {
            if (!known.contains(n)) {
                throw new BadRequestException(
                        where + " names candidate " + Echo.quote(n) + ", which the draft does not have");
            }
        }
    }

    /**
     * The marking-definition ids for names a reviewer gives: a TLP level ("tlp:amber",
     * "amber"), Tearline's "source-protected" or "method-protected", or a marking id.
     */
    static List<String> markingIds(List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : names) {
            String name = raw.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            String id;
            if (name.startsWith("marking-definition--")) {
                id = name;
            } else if (name.equals("source-protected")) {
                id = Markings.SOURCE_PROTECTED_ID;
            } else if (name.equals("method-protected")) {
                id = Markings.METHOD_PROTECTED_ID;
            } else {
                id = Tlp.ofLabel(name)
                        .map(t -> t.tlp1Id().orElse(t.tlp2Id()))
                        .orElseThrow(() -> new BadRequestException("marking " + Echo.quote(raw)
                                + " is not a TLP level (clear, green, amber, amber+strict, red),"
                                + " source-protected, method-protected or a marking-definition id"));
            }
            out.put(id, id);
        }
        return List.copyOf(out.keySet());
    }

    private static ObjectNode candidateJson(String id, Candidate c) {
        ObjectNode n = StixJson.mapper().createObjectNode();
        n.put("id", id);
        n.put("kind", c.kind().name());
        n.put("value", c.value());
        n.put("page", c.page());
        n.put("start", c.start());
        n.put("end", c.end());
        n.put("snippet", c.snippet());
        n.put("rule", c.rule());
        ObjectNode details = n.putObject("details");
        new TreeMap<>(c.details()).forEach(details::put);
        return n;
    }

    private static JsonNode json(String text) {
        try {
            return StixJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not JSON", e);
        }
    }

    private static void requireProducer(Principal who) {
        if (!who.isProducer()) {
            throw new PermissionDeniedException("only the producer's users take documents in and review them");
        }
    }

    /** Plain text as a document, for text posted as JSON. */
    public static Document text(String text) {
        return new Document(text.getBytes(StandardCharsets.UTF_8), DocumentReader.TEXT, null);
    }
}
