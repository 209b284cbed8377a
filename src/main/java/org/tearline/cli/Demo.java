package org.tearline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tearline.Tearline;
import org.tearline.auth.Principal;
import org.tearline.domain.Account;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Provenance;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.stix.WarningExtension;

/**
 * Demo data for {@code serve --demo}: a producer analyst, two partner users, a source
 * collection holding a warning of a planned attack whose source is protected, a release policy
 * for each partner (one trusted, one wary), so the two receive two different tearlines of the
 * same warning, and a plain collection shared with both. Seeded once; a second start finds it
 * and leaves it alone.
 */
public final class Demo {

    public static final String ANALYST = "analyst";
    public static final String ANALYST_PASSWORD = "analyst-demo-password";
    public static final String SUPERVISOR = "supervisor";
    public static final String SUPERVISOR_PASSWORD = "supervisor-demo-password";
    /** How long after seeding the demo warning's window ends, so its lapse can be watched. */
    static final Duration WINDOW = Duration.ofMinutes(3);

    public static final String PARTNER_A = "partner-a";
    public static final String PARTNER_A_PASSWORD = "partner-a-demo-password";
    public static final String PARTNER_B = "partner-b";
    public static final String PARTNER_B_PASSWORD = "partner-b-demo-password";
    static final String INTEL = "9a4f6c1e-5d2b-4e8a-8f3c-2b7d1e0a6c54";
    static final String SHARED = "3c8e2d7a-1f4b-4a6e-9d5c-7e2f8a1b0c39";

    /** What partners see in the plain shared collection at first. */
    private static final Set<String> SHARED_TYPES = Set.of("attack-pattern");

    public static final String WARNING = "report--8e26cd0c-b8c8-53e4-836f-7d32df2671f5";

    private Demo() {}

    /**
     * Seeds the demo: the producer's two users, two partners, the intel and shared
     * collections, both partners' policies, and the draft warning. Does nothing when the demo
     * users exist already.
     */
    public static void seed(Tearline app, PrintStream out) {
        if (app.accounts().find(ANALYST).isPresent()) {
            out.println("demo data already present; leaving it as it is");
            return;
        }
        app.accounts().create(ANALYST, ANALYST_PASSWORD.toCharArray(), Account.Role.PRODUCER);
        app.accounts().create(SUPERVISOR, SUPERVISOR_PASSWORD.toCharArray(), Account.Role.PRODUCER);
        app.accounts().create(PARTNER_A, PARTNER_A_PASSWORD.toCharArray(), Account.Role.PARTNER);
        app.accounts().create(PARTNER_B, PARTNER_B_PASSWORD.toCharArray(), Account.Role.PARTNER);
        String root = app.config().taxii().defaultApiRoot();
        app.collections()
                .create(
                        INTEL,
                        root,
                        "Intelligence (producer only)",
                        "The producer's source intelligence.",
                        "intel",
                        CollectionKind.SOURCE);
        app.collections()
                .create(
                        SHARED,
                        root,
                        "Shared with partners",
                        "Objects the producer shares with both partners.",
                        "shared",
                        CollectionKind.SOURCE);
        app.accounts().grant(ANALYST, INTEL, true, true);
        app.accounts().grant(SUPERVISOR, INTEL, true, true);
        app.accounts().grant(ANALYST, SHARED, true, true);
        app.accounts().grant(PARTNER_A, SHARED, true, false);
        app.accounts().grant(PARTNER_B, SHARED, true, false);
        List<JsonNode> objects = bundle("/demo/intel.json");
        Provenance demo = new Provenance("import", "demo");
        app.objects().importObjects(INTEL, objects, demo);
        List<JsonNode> shared = new ArrayList<>();
        for (JsonNode o : objects) {
            if (SHARED_TYPES.contains(o.get("type").asText())) {
                shared.add(o);
            }
        }
        app.objects().importObjects(SHARED, shared, demo);
        // The warning, a draft: nothing of it reaches a partner until a decision to warn is
        // approved, nor do the objects it refers to, which is why it is written before the
        // policies release anything. Its window starts now and ends soon, so its lapse can be
        // watched.
        ObjectNode warning = parse(resource("/demo/warning.json"));
        Instant now = app.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        String stamp = StixTimestamp.format(now);
        warning.put("created", stamp);
        warning.put("modified", stamp);
        warning.put("published", stamp);
        ObjectNode ext = (ObjectNode) warning.get("extensions").get(WarningExtension.ID);
        ext.put("threat_window_start", stamp);
        ext.put("threat_window_end", StixTimestamp.format(now.plus(WINDOW)));
        app.warnings().create(new Principal(ANALYST, Account.Role.PRODUCER), INTEL, warning);
        for (String policy : List.of("partner-a.yaml", "partner-b.yaml")) {
            app.releases().apply(resource("/demo/" + policy), policy, ANALYST);
        }
        out.println("seeded demo data: users " + ANALYST + ", " + PARTNER_A + ", " + PARTNER_B
                + "; collections intel and shared; audiences partner-a and partner-b");
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) StixJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = Demo.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> bundle(String resource) {
        try (InputStream in = Demo.class.getResourceAsStream(resource)) {
            List<JsonNode> out = new ArrayList<>();
            StixJson.mapper().readTree(in).get("objects").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void printGuide(Tearline app, String base, PrintStream out) {
        String root = base + "/" + app.config().taxii().defaultApiRoot();
        String h = "-H 'Accept: application/taxii+json;version=2.1'";
        out.println();
        out.println("Demo accounts (published passwords: loopback only):");
        out.println("  producer  " + ANALYST + " / " + ANALYST_PASSWORD);
        out.println("  producer  " + SUPERVISOR + " / " + SUPERVISOR_PASSWORD);
        out.println("  partner   " + PARTNER_A + " / " + PARTNER_A_PASSWORD);
        out.println("  partner   " + PARTNER_B + " / " + PARTNER_B_PASSWORD);
        out.println();
        out.println("Collections:");
        out.println("  intel     " + INTEL + " (producer only)");
        out.println("  shared    " + SHARED + " (both partners read it)");
        for (String p : List.of(PARTNER_A, PARTNER_B)) {
            String view = app.collections().find(p).orElseThrow().id();
            String feedback =
                    app.collections().find(p + "-feedback").orElseThrow().id();
            String released = app.releases().releaseStates(p, List.of(WARNING)).values().stream()
                    .map(r -> r.releasedId())
                    .findFirst()
                    .orElse("(not yet computed)");
            out.println("  " + p + " view " + view + ", feedback " + feedback);
            out.println("    receives the warning, once approved, as " + released);
        }
        out.println();
        out.println("The warning " + WARNING + " is a draft; its window ends "
                + app.warnings().find(WARNING).windowEnd() + ".");
        if (app.config().console().enabled()) {
            out.println("Follow it in the console: " + base + "/console/");
            out.println("  sign in as " + ANALYST + " to decide, then as " + SUPERVISOR
                    + " to approve (a second person must)");
        }
        out.println("or on the command line:");
        out.println("  java -jar target/tearline.jar warning show " + WARNING + " --as " + ANALYST + " --data DIR");
        out.println("  (the README's walkthrough tells the whole story)");
        out.println();
        out.println("Try:");
        out.println("  curl -s -u " + PARTNER_A + ":" + PARTNER_A_PASSWORD + " " + h + " " + root + "/collections/");
        out.println();
    }
}
