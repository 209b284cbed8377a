package org.tearline.alert.channel;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import org.tearline.config.AlertSettings;

/**
 * E-mail over SMTP (Jakarta Mail): STARTTLS (required, not opportunistic) or TLS from the first
 * byte, the server's name checked against its certificate, and authentication when a username
 * is configured. The delivery's key is the message's Message-ID, so a mail system that sees a
 * retry of a message it already took can tell.
 */
public final class SmtpChannel implements AlertChannel {

    private final AlertSettings.Smtp smtp;
    private final Session session;
    private final Clock clock;
    private final String protocol;

    public SmtpChannel(AlertSettings.Smtp smtp, Duration timeout, Clock clock) {
        this.smtp = smtp;
        this.clock = clock;
        Properties p = new Properties();
        String proto = smtp.security().equals("tls") ? "smtps" : "smtp";
        this.protocol = proto;
        String pre = "mail." + proto + ".";
        p.put("mail.transport.protocol", proto);
        p.put(pre + "host", smtp.host());
        p.put(pre + "port", Integer.toString(smtp.port()));
        p.put(pre + "connectiontimeout", Long.toString(timeout.toMillis()));
        p.put(pre + "timeout", Long.toString(timeout.toMillis()));
        p.put(pre + "writetimeout", Long.toString(timeout.toMillis()));
        p.put(pre + "auth", Boolean.toString(smtp.username() != null));
        if (!smtp.security().equals("none")) {
            if (smtp.security().equals("starttls")) {
                p.put(pre + "starttls.enable", "true");
                p.put(pre + "starttls.required", "true");
            } else {
                p.put(pre + "ssl.enable", "true");
            }
            p.put(pre + "ssl.checkserveridentity", "true");
            p.put(
                    pre + "ssl.socketFactory",
                    TrustedCertificates.context(smtp.caFile(), "alerts.smtp").getSocketFactory());
        }
        this.session = Session.getInstance(p);
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public Optional<String> problem(String target) {
        try {
            new InternetAddress(target, true);
            return target.contains("@") ? Optional.empty() : Optional.of("'" + target + "' is not an e-mail address");
        } catch (AddressException e) {
            return Optional.of("'" + target + "' is not an e-mail address: " + e.getMessage());
        }
    }

    @Override
    public void send(String target, Delivery d) throws DeliveryFailedException {
        String messageId = "<" + d.key() + "@tearline.alert>";
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        try {
            m.setFrom(new InternetAddress(smtp.from(), true));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress(target, true));
            m.setSubject(d.subject(), "UTF-8");
            m.setSentDate(Date.from(clock.instant()));
            m.setText(d.text(), "UTF-8");
            m.setHeader("Idempotency-Key", d.key());
            m.saveChanges();
            try (Transport t = session.getTransport(protocol)) {
                t.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
                t.sendMessage(m, m.getAllRecipients());
            }
        } catch (MessagingException e) {
            // Jakarta Mail's messages name the server and the reply, not the password.
            throw new DeliveryFailedException(
                    "e-mail to " + target + " via " + smtp.host() + ":" + smtp.port() + ": " + e.getMessage(), e);
        }
    }
}
