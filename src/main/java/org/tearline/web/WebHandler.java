package org.tearline.web;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.tearline.audit.AuditService;
import org.tearline.auth.Authenticator;
import org.tearline.auth.Principal;
import org.tearline.domain.Account;
import org.tearline.domain.WarningRecord;
import org.tearline.domain.WebSession;
import org.tearline.error.AuthenticationRequiredException;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.error.MethodNotAllowedException;
import org.tearline.error.NotFoundException;
import org.tearline.error.PermissionDeniedException;
import org.tearline.error.TearlineException;
import org.tearline.http.ErrorReplies;
import org.tearline.http.QueryString;
import org.tearline.http.Reply;
import org.tearline.http.Uploads;
import org.tearline.intake.IntakeService;
import org.tearline.release.PolicyParser;
import org.tearline.service.AccountService;
import org.tearline.service.CollectionService;
import org.tearline.service.ReleaseService;
import org.tearline.stix.Canonical;
import org.tearline.warning.WarningService;
import org.tearline.web.Views.Frame;
import org.tearline.web.Views.Hidden;

/**
 * Serves the console under {@code /console}: sign-in, the pages, and the actions. Every
 * change is a form post that carries the session's CSRF token, comes from the console's own
 * origin, and is confirmed on a page of its own before it is made; the services record it
 * under the signed-in user's name.
 *
 * <p>Past 500 lines because every action goes through the same checks (session, anti-forgery
 * token, origin, confirmation page) in one dispatch; splitting it by page would spread those
 * checks.
 */
public final class WebHandler {

    /** The console's policy for what a page may load: nothing from elsewhere, no scripts. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; frame-ancestors 'none'; form-action 'self';"
            + " base-uri 'none'; object-src 'none'";

    private static final String HTML = "text/html; charset=utf-8";
    private static final Pattern SAFE_NEXT = Pattern.compile("/console/[A-Za-z0-9._~/-]*");
    private static final Map<String, String> DONE = Map.of(
            "decided", "Decision recorded. It needs a second person's approval before anything" + " is released.",
            "approved", "Approved and recorded.",
            "extended", "Window extended; partners that have the warning see the new end.",
            "retired", "Warning retired; partners that have it see that it is retired.",
            "applied", "Policy applied: the audience's view was recomputed and the change" + " recorded.",
            "unchanged", "The policy is the same as the current version; nothing changed.",
            "signed-out", "You are signed out.",
            "accepted",
                    "Draft accepted: its report and objects are in the source collection, and the"
                            + " acceptance is recorded with the document's hash.",
            "rejected", "Draft rejected and recorded; nothing of it was written.");

    private final Authenticator authenticator;
    private final Sessions sessions;
    private final AccountService accounts;
    private final Pages pages;
    private final IntakePages intake;
    private final WarningService warnings;
    private final ReleaseService releases;
    private final AuditService audit;
    private final TemplateEngine templates;
    private final boolean alwaysSecure;
    private final byte[] css;

    /**
     * @param alwaysSecure true when clients reach the server over TLS through a proxy, so
     *                     cookies are marked Secure even though this hop is plain HTTP
     */
    public WebHandler(
            Authenticator authenticator,
            AccountService accounts,
            WarningService warnings,
            ReleaseService releases,
            AuditService audit,
            IntakeService intake,
            CollectionService collections,
            Clock clock,
            Duration sessionLifetime,
            boolean alwaysSecure) {
        this.authenticator = authenticator;
        this.accounts = accounts;
        this.warnings = warnings;
        this.releases = releases;
        this.audit = audit;
        this.sessions = new Sessions(accounts, clock, sessionLifetime);
        this.pages = new Pages(warnings, releases, audit, clock);
        this.intake = new IntakePages(intake, collections);
        this.templates = TemplateEngine.createPrecompiled(gg.jte.ContentType.Html);
        this.alwaysSecure = alwaysSecure;
        this.css = resource("/console/static/console.css");
    }

    /** True for paths the console serves. */
    public static boolean isConsolePath(List<String> segments) {
        return !segments.isEmpty()
                && segments.get(0).equals("console")
                && (segments.size() == 1 || SECTIONS.contains(segments.get(1)));
    }

    /** The digest a preview hands to the apply step, so what is applied is what was seen. */
    static String digest(String policy) {
        return Canonical.sha256(policy.getBytes(StandardCharsets.UTF_8));
    }

    /** Handles a request under /console. Never throws: failures become pages. */
    public Reply handle(Request request, List<String> segments) {
        ConsoleRoute route = ConsoleRoute.parse(segments.subList(1, segments.size()));
        Context c = new Context(request, secure(request));
        try {
            return route(c, route);
        } catch (Throwable t) {
            ErrorReplies.Failure f = ErrorReplies.classify(t, c.endpoint);
            Reply r = page(
                    c,
                    f.status(),
                    "message",
                    "Something went wrong",
                    Map.of(
                            "heading",
                            f.status() >= 500 ? "Something went wrong" : f.title(),
                            "text",
                            capitalise(f.message())));
            r.headers().putAll(f.headers());
            r.headers().remove("WWW-Authenticate");
            return r;
        }
    }

    /** What one request carries through the handler. */
    private static final class Context {
        final Request request;
        final boolean secure;
        final List<String> cookies = new ArrayList<>();
        String endpoint = "console";
        Principal user;
        WebSession session;
        String flash;

        Context(Request request, boolean secure) {
            this.request = request;
            this.secure = secure;
        }

        String csrf() {
            return session == null ? "" : session.csrf();
        }
    }

    /**
     * The second path segments under which the console has pages, files or actions. Any other
     * address under /console/ is not the console's, so it is refused as every unknown address
     * is (a TAXII 404), and nobody is sent to sign in for a page that does not exist.
     */
    private static final Set<String> SECTIONS =
            Set.of("static", "login", "logout", "warnings", "objects", "audiences", "record", "intake");

    private Reply route(Context c, ConsoleRoute route) throws IOException {
        String method = c.request.getMethod();
        if (route instanceof ConsoleRoute.Home
                && !c.request.getHttpURI().getPath().endsWith("/")) {
            return redirect(c, "/console/");
        }
        if (route instanceof ConsoleRoute.Static file) {
            c.endpoint = "console-static";
            allow(method, "GET");
            if ("console.css".equals(file.file())) {
                Map<String, String> h = new LinkedHashMap<>();
                h.put("Cache-Control", "max-age=300");
                return new Reply(200, "text/css; charset=utf-8", css, h, c.cookies, c.endpoint, null);
            }
            throw new NotFoundException("no console file at this path");
        }
        if (route instanceof ConsoleRoute.Login) {
            c.endpoint = "console-login";
            return login(c);
        }
        Optional<WebSession> session = sessions.find(cookie(c.request, Sessions.COOKIE));
        Optional<Principal> who = session.flatMap(this::principal);
        if (who.isEmpty()) {
            if (method.equals("GET")) {
                String next = c.request.getHttpURI().getPath();
                return redirect(c, "/console/login" + (isSafeNext(next) ? "?next=" + next : ""));
            }
            throw new PermissionDeniedException("you are not signed in, or your session has"
                    + " ended: sign in again, then repeat what you were doing");
        }
        c.session = session.get();
        c.user = who.get();
        c.flash = flash(query(c.request).get("done"));
        if (method.equals("POST") && route instanceof ConsoleRoute.Intake) {
            // A document upload: larger than any form, and its file is bytes, not text.
            c.endpoint = "console-action";
            checkSameOrigin(c.request);
            Uploads.Upload upload = IntakeForms.readUpload(c.request, intake.service());
            if (!Sessions.same(upload.fields().get("csrf"), c.session.csrf())) {
                throw new PermissionDeniedException("the form did not carry this session's"
                        + " anti-forgery token, so nothing was changed; reload the page and try"
                        + " again");
            }
            return redirect(
                    c,
                    "/console/intake/"
                            + IntakeForms.take(intake.service(), c.user, upload).id());
        }
        if (method.equals("POST")) {
            c.endpoint = "console-action";
            Form form = Form.read(c.request);
            checkSameOrigin(c.request);
            if (!Sessions.same(form.get("csrf"), c.session.csrf())) {
                throw new PermissionDeniedException("the form did not carry this session's"
                        + " anti-forgery token, so nothing was changed; reload the page and try"
                        + " again");
            }
            return act(c, route, form);
        }
        allow(method, "GET");
        c.endpoint = "console-page";
        return show(c, route);
    }

    // --- signing in and out ----------------------------------------------------------------

    private Reply login(Context c) throws IOException {
        String method = c.request.getMethod();
        allow(method, "GET", "POST");
        if (method.equals("GET")) {
            String next = query(c.request).get("next");
            Optional<WebSession> s = sessions.find(cookie(c.request, Sessions.COOKIE));
            if (s.flatMap(this::principal).isPresent()) {
                return redirect(c, isSafeNext(next) ? next : "/console/");
            }
            c.flash = flash(query(c.request).get("done"));
            return loginPage(c, 200, null, next);
        }
        Form form = Form.read(c.request);
        checkSameOrigin(c.request);
        String next = form.get("next");
        if (!Sessions.same(form.get("login"), cookie(c.request, Sessions.LOGIN_COOKIE))) {
            return loginPage(
                    c,
                    403,
                    "This sign-in form has expired or was not loaded from"
                            + " this console. It has been reloaded: sign in again.",
                    next);
        }
        String user = form.get("user");
        String password = form.get("password");
        if (user == null || password == null) {
            return loginPage(c, 400, "Enter both your user name and your password.", next);
        }
        Principal p;
        try {
            p = authenticator.password(user, password, Request.getRemoteAddr(c.request));
        } catch (AuthenticationRequiredException e) {
            return loginPage(c, 401, "The user name or the password is wrong, or the account" + " is disabled.", next);
        }
        if (!p.isProducer()) {
            return loginPage(
                    c,
                    403,
                    "Partner accounts cannot sign in to the console: partners"
                            + " read what is released to them over TAXII.",
                    next);
        }
        Sessions.Opened opened = sessions.open(p.name());
        c.cookies.add(cookieHeader(
                Sessions.COOKIE, opened.token(), "/console", sessions.lifetime().toSeconds(), c.secure));
        c.cookies.add(cookieHeader(Sessions.LOGIN_COOKIE, "", "/console/login", 0, c.secure));
        c.user = p;
        return redirect(c, isSafeNext(next) ? next : "/console/");
    }

    private Reply loginPage(Context c, int status, String error, String next) {
        String token = sessions.token();
        c.cookies.add(cookieHeader(Sessions.LOGIN_COOKIE, token, "/console/login", 3_600, c.secure));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("loginToken", token);
        params.put("error", error);
        params.put("next", isSafeNext(next) ? next : "/console/");
        return page(c, status, "login", "Sign in", params);
    }

    /** The signed-in user, while the account exists, is enabled and is the producer's. */
    private Optional<Principal> principal(WebSession s) {
        Optional<Account> a = accounts.find(s.account());
        return a.filter(x -> !x.disabled() && x.role() == Account.Role.PRODUCER)
                .map(x -> new Principal(x.name(), x.role()));
    }

    // --- pages -----------------------------------------------------------------------------

    private Reply show(Context c, ConsoleRoute route) {
        if (route instanceof ConsoleRoute.Home) {
            return page(c, 200, "queue", "Queue", Map.of("rows", pages.queue()), "queue");
        }
        if (route instanceof ConsoleRoute.Warnings) {
            return page(c, 200, "warnings", "Warnings", Map.of("rows", pages.warnings()), "warnings");
        }
        if (route instanceof ConsoleRoute.Warning r) {
            Views.WarningPage w = pages.warning(r.id(), c.user.name());
            return page(c, 200, "warning", w.name(), Map.of("w", w), "warnings");
        }
        if (route instanceof ConsoleRoute.ObjectPage r) {
            Views.ObjectPreview p = pages.object(r.id());
            return page(c, 200, "object", p.title(), Map.of("p", p), "warnings");
        }
        if (route instanceof ConsoleRoute.Audiences) {
            return page(c, 200, "audiences", "Audiences", Map.of("rows", pages.audiences()), "audiences");
        }
        if (route instanceof ConsoleRoute.Audience r) {
            Views.AudiencePage a = pages.audience(r.name(), null, null);
            return page(c, 200, "audience", "Audience " + a.name(), Map.of("a", a), "audiences");
        }
        if (route instanceof ConsoleRoute.Intake) {
            return page(c, 200, "intake-list", "Intake", Map.of("p", intake.list(c.user)), "intake");
        }
        if (route instanceof ConsoleRoute.IntakeDraft r) {
            IntakePages.DraftPage d = intake.draft(c.user, r.id());
            return page(c, 200, "intake-draft", d.title(), Map.of("d", d), "intake");
        }
        if (route instanceof ConsoleRoute.RecordOverview) {
            Map<String, String> q = query(c.request);
            String since = blankToNull(q.get("since"));
            Views.RecordPage r = pages.record(
                    blankToNull(q.get("audience")),
                    blankToNull(q.get("object")),
                    since == null ? null : time(since, "since"),
                    since,
                    null);
            return page(c, 200, "record", "Disclosure record", Map.of("r", r), "record");
        }
        if (route instanceof ConsoleRoute.RecordVerify) {
            Views.RecordPage r = pages.record(null, null, null, null, audit.verify(Map.of()));
            return page(c, 200, "record", "Disclosure record", Map.of("r", r), "record");
        }
        throw new NotFoundException("the console has no page at this address");
    }

    // --- actions ---------------------------------------------------------------------------

    private Reply act(Context c, ConsoleRoute route, Form form) {
        if (route instanceof ConsoleRoute.Logout) {
            sessions.close(cookie(c.request, Sessions.COOKIE));
            c.cookies.add(cookieHeader(Sessions.COOKIE, "", "/console", 0, c.secure));
            return redirect(c, "/console/login?done=signed-out");
        }
        if (route instanceof ConsoleRoute.WarningStep r) {
            return warningAction(c, r.id(), r.action(), form);
        }
        if (route instanceof ConsoleRoute.IntakeStep step) {
            IntakeForms.Step s = IntakeForms.step(intake.service(), c.user, step.id(), step.action(), form);
            if (!"yes".equals(form.get("confirmed"))) {
                String back = "/console/intake/" + step.id();
                return page(
                        c,
                        200,
                        "confirm",
                        "Confirm",
                        Map.of("confirm", new Views.Confirm(s.question(), back + "/" + step.action(), back, s.keep())),
                        "intake");
            }
            s.change().run();
            return redirect(c, "/console/intake/" + step.id() + "?done=" + s.done());
        }
        if (route instanceof ConsoleRoute.AudienceStep step) {
            String audience = step.name();
            String yaml = step.step().equals("preview") && form.has("policy-file")
                    ? form.text("policy-file", "the policy file")
                    : form.text("policy", "the policy");
            if (step.step().equals("preview")) {
                try {
                    requireAudienceNamed(yaml, audience);
                    Views.PolicyPreview p = pages.policyPreview(audience, yaml);
                    return page(c, 200, "policy-preview", "Preview for " + audience, Map.of("p", p), "audiences");
                } catch (TearlineException e) {
                    if (e.httpStatus() == 404) {
                        throw e;
                    }
                    // Put the user's text back with what is wrong with it, not a dead end.
                    Views.AudiencePage a = pages.audience(audience, yaml, capitalise(e.getMessage()));
                    return page(c, e.httpStatus(), "audience", "Audience " + audience, Map.of("a", a), "audiences");
                }
            }
            if (step.step().equals("apply")) {
                if (!Sessions.same(form.get("previewed"), digest(yaml))) {
                    throw new BadRequestException(
                            "this policy was not previewed as it is: " + "preview it, then apply it from the preview");
                }
                requireAudienceNamed(yaml, audience);
                ReleaseService.ApplyResult r = releases.apply(yaml, "console", c.user.name());
                return redirect(
                        c, "/console/audiences/" + audience + "?done=" + (r.changed() ? "applied" : "unchanged"));
            }
        }
        throw new NotFoundException("the console has no action at this address");
    }

    private static void requireAudienceNamed(String yaml, String audience) {
        String named = PolicyParser.parse(yaml, "the policy").audience();
        if (!named.equals(audience)) {
            throw new BadRequestException("the policy is for audience " + Echo.quote(named)
                    + ", not " + Echo.quote(audience) + "; change other audiences from their"
                    + " own page");
        }
    }

    private Reply warningAction(Context c, String id, String action, Form form) {
        WarningRecord w = warnings.find(id);
        String back = "/console/warnings/" + id;
        boolean confirmed = "yes".equals(form.get("confirmed"));
        String name = warnings.names(List.of(w)).getOrDefault(id, id);
        List<Hidden> keep = new ArrayList<>();
        String question;
        Runnable change;
        String done;
        switch (action) {
            case "decide" -> {
                String decision = form.require("decision", "a decision: warn or waive");
                if (decision.equals("warn")) {
                    List<String> to = form.all("audience");
                    if (to.isEmpty()) {
                        throw new BadRequestException("choose at least one audience to warn");
                    }
                    to.forEach(a -> keep.add(new Hidden("audience", a)));
                    question = "Decide to warn " + String.join(", ", to) + " of \u201c" + name
                            + "\u201d? Nothing is released until a second person approves.";
                    change = () -> warnings.decideWarn(c.user, id, to, null);
                } else if (decision.equals("waive")) {
                    String reason = form.require("reason", "a justification for the waiver");
                    String text = form.get("text");
                    keep.add(new Hidden("reason", reason));
                    if (text != null) {
                        keep.add(new Hidden("text", text));
                    }
                    question = "Decide to waive the duty to warn about \u201c" + name
                            + "\u201d, because " + reason + (text == null ? "" : " (" + text + ")")
                            + "? A second person must approve the waiver.";
                    change = () -> warnings.decideWaive(c.user, id, reason, text);
                } else {
                    throw new BadRequestException(
                            "decision " + Echo.quote(decision) + " is neither 'warn' nor 'waive'");
                }
                keep.add(new Hidden("decision", decision));
                done = "decided";
            }
            case "approve" -> {
                // The confirmation names the decision it shows: if the decision changes
                // before it is confirmed, the confirmation is refused rather than approving
                // another.
                String shown = form.get("decision_id");
                boolean changed = !confirmed && shown != null && !shown.equals(w.decisionId());
                keep.add(new Hidden("decision_id", w.decisionId() == null ? "" : w.decisionId()));
                question = (changed ? "The decision changed since the page was shown. " : "")
                        + "Approve the decision by " + w.decidedBy() + " to " + w.decision()
                        + ("warn".equals(w.decision())
                                ? " " + String.join(", ", w.audiences()) + "? The warning is released to them at once."
                                : "?");
                change = () -> warnings.approve(c.user, id, shown);
                done = "approved";
            }
            case "extend" -> {
                String untilText = form.require("until", "the new end of the window");
                Instant until = time(untilText, "until");
                keep.add(new Hidden("until", untilText));
                question = "Extend the window of \u201c" + name + "\u201d until " + Pages.time(until) + "?";
                change = () -> warnings.extend(c.user, id, until);
                done = "extended";
            }
            case "retire" -> {
                String reason = form.require("reason", "why the warning is retired");
                keep.add(new Hidden("reason", reason));
                question = "Retire \u201c" + name + "\u201d as " + reason + "? Partners that"
                        + " have it see that it is retired.";
                change = () -> warnings.retire(c.user, id, reason);
                done = "retired";
            }
            default -> throw new NotFoundException("no warning action " + Echo.quote(action));
        }
        if (!confirmed) {
            return page(
                    c,
                    200,
                    "confirm",
                    "Confirm",
                    Map.of("confirm", new Views.Confirm(question, back + "/" + action, back, keep)),
                    "warnings");
        }
        change.run();
        return redirect(c, back + "?done=" + done);
    }

    // --- plumbing --------------------------------------------------------------------------

    private Reply page(Context c, int status, String template, String title, Map<String, Object> params) {
        return page(c, status, template, title, params, null);
    }

    private Reply page(
            Context c, int status, String template, String title, Map<String, Object> params, String section) {
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.put("frame", new Frame(title, c.user == null ? null : c.user.name(), c.csrf(), section, c.flash));
        StringOutput out = new StringOutput();
        templates.render(template + ".jte", all, out);
        return new Reply(
                status,
                HTML,
                out.toString().getBytes(StandardCharsets.UTF_8),
                securityHeaders(),
                c.cookies,
                c.endpoint,
                c.user == null ? null : c.user.name());
    }

    private Reply redirect(Context c, String location) {
        Map<String, String> h = securityHeaders();
        h.put("Location", location);
        return new Reply(303, HTML, new byte[0], h, c.cookies, c.endpoint, c.user == null ? null : c.user.name());
    }

    private static Map<String, String> securityHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", CSP);
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        return h;
    }

    private boolean secure(Request request) {
        return alwaysSecure || request.isSecure();
    }

    /**
     * Refuses a post another site's page made: browsers say where a form comes from in Origin
     * and Sec-Fetch-Site. The CSRF token is the real check; this stops the attempt earlier.
     */
    private static void checkSameOrigin(Request request) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new PermissionDeniedException(
                    "a form from another site (" + Echo.quote(site) + ") cannot change anything here");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && !origin.equals("null")) {
            String own = request.getHttpURI().getScheme() + "://"
                    + request.getHttpURI().getAuthority();
            if (!origin.equalsIgnoreCase(own)) {
                throw new PermissionDeniedException(
                        "a form from origin " + Echo.quote(origin) + " cannot change anything here");
            }
        }
    }

    private static String cookieHeader(String name, String value, String path, long maxAge, boolean secure) {
        return name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    private static String cookie(Request request, String name) {
        List<HttpCookie> cookies = Request.getCookies(request);
        if (cookies == null) {
            return null;
        }
        for (HttpCookie c : cookies) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    private static boolean isSafeNext(String next) {
        return next != null
                && next.length() < 300
                && SAFE_NEXT.matcher(next).matches()
                && !next.contains("//")
                && !next.contains("..")
                && !next.startsWith("/console/login");
    }

    private static Map<String, String> query(Request request) {
        return QueryString.first(
                QueryString.parse(request, "the address's query is not valid" + " percent-encoded UTF-8"));
    }

    private static Instant time(String text, String name) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(
                    name + " " + Echo.quote(text) + " is not a time such" + " as 2026-11-25T18:00:00Z");
        }
    }

    private static void allow(String method, String... allowed) {
        MethodNotAllowedException.unless(method, allowed);
    }

    /** The fixed message for a finished action; never text taken from the address. */
    private static String flash(String done) {
        return done == null ? null : DONE.get(done);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String capitalise(String s) {
        return s == null || s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static byte[] resource(String name) {
        try (InputStream in = WebHandler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("console resource " + name + " is missing from" + " the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read console resource " + name, e);
        }
    }
}
