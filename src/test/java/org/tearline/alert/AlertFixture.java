package org.tearline.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tearline.Tearline;
import org.tearline.auth.Principal;
import org.tearline.config.AlertSettings;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.Account;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Provenance;
import org.tearline.release.ReleaseEngineTest;
import org.tearline.stix.WarningExtension;
import org.tearline.warning.WarningLifecycleTest;

/**
 * The case the alert tests share: producer users analyst and supervisor, partner pa in
 * audience "trusted", the intel collection, and a warning (its window already over by the real
 * clock) that analyst writes and decides and supervisor approves.
 */
public final class AlertFixture {

    static final String WARNING = "report--bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
    public static final String SECRET = "webhook-secret-0123456789abcdef";
    static final Principal ANALYST = new Principal("analyst", Account.Role.PRODUCER);
    static final Principal SUPERVISOR = new Principal("supervisor", Account.Role.PRODUCER);

    private AlertFixture() {}

    /** Alert settings for tests: quick polling and retries, the given webhooks. */
    static AlertSettings settings(int attempts, Map<String, AlertSettings.Webhook> hooks, AlertSettings.Smtp smtp) {
        return new AlertSettings(20, 5, attempts, 50, 200, 1_000, 10, smtp, hooks);
    }

    public static AlertSettings.Webhook hook(String name, WebhookReceiver r, String path, String secret) {
        return new AlertSettings.Webhook(name, URI.create(r.url(path)), secret, r.caFile());
    }

    /** Users, the collection, the audience; {@code password} for the users. */
    public static void people(Tearline app, String password) {
        app.accounts().create("analyst", password.toCharArray(), Account.Role.PRODUCER);
        app.accounts().create("supervisor", password.toCharArray(), Account.Role.PRODUCER);
        app.accounts().create("pa", password.toCharArray(), Account.Role.PARTNER);
        String intel = app.collections()
                .create(null, "tearline", "Intel", null, "intel", CollectionKind.SOURCE)
                .id();
        app.accounts().grant("analyst", intel, true, true);
        app.accounts().grant("supervisor", intel, true, true);
        List<ObjectNode> sources = new ArrayList<>(ReleaseEngineTest.sources());
        sources.removeIf(o -> o.get("type").asText().equals("report"));
        app.objects().importObjects(intel, new ArrayList<>(sources), new Provenance("import", "test"));
        app.releases()
                .apply(
                        "audience: trusted\nmembers: [pa]\nsources: [intel]\nmarkings: {tlp:amber: release,"
                                + " tlp:green: release, source-protected: redact, method-protected: redact}\n",
                        "trusted.yaml",
                        "analyst");
        app.releases()
                .apply(
                        "audience: wary\nmembers: []\nsources: [intel]\nmarkings: {tlp:green: release}\n",
                        "wary.yaml",
                        "analyst");
    }

    /** A warning written, decided for "trusted" and approved: released, its window over. */
    static void approvedWarning(Tearline app, String id) {
        String intel = app.collections().find("intel").orElseThrow().id();
        ObjectNode report = WarningLifecycleTest.report(id, "2020-01-02T09:00:00.000Z");
        ((ObjectNode) report.get("extensions").get(WarningExtension.ID))
                .put("threat_window_start", "2020-01-01T09:00:00.000Z");
        app.warnings().create(ANALYST, intel, report);
        app.warnings().decideWarn(ANALYST, id, List.of("trusted"), null);
        app.warnings().approve(SUPERVISOR, id, app.warnings().find(id).decisionId());
    }

    static AlertService.Request webhook(String name, String... kinds) {
        return new AlertService.Request("webhook", name, Set.of(kinds), null, null, 0);
    }

    static TearlineConfig config(AlertSettings alerts) {
        return org.tearline.testing.TestServer.config(null).withAlerts(alerts);
    }
}
