package org.tearline.alert;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tearline.config.AlertSettings;

/**
 * A real SMTP server (GreenMail) speaking TLS from the first byte with a certificate made for
 * the test run, and one mailbox user. GreenMail reads its key store once per JVM, so the
 * certificate is made once and shared by every test that starts one.
 */
final class MailServer implements AutoCloseable {

    static final String USER = "desk-sender";
    static final String PASSWORD = "smtp-password-0123";
    private static TestCertificate certificate;

    final GreenMail greenMail;

    private MailServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    static synchronized TestCertificate certificate() throws Exception {
        if (certificate == null) {
            Path dir = Files.createTempDirectory("tearline-mail-cert");
            certificate = TestCertificate.create(dir, "smtp");
            System.setProperty("greenmail.tls.keystore.file", certificate.keyStoreFile.toString());
            System.setProperty("greenmail.tls.keystore.password", new String(TestCertificate.PASSWORD));
            System.setProperty("greenmail.tls.key.password", new String(TestCertificate.PASSWORD));
        }
        return certificate;
    }

    static MailServer start() throws Exception {
        certificate();
        GreenMail gm = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
        gm.setUser("duty@example.org", USER, PASSWORD);
        gm.start();
        return new MailServer(gm);
    }

    /** Settings for Tearline to send through this server, with this password. */
    AlertSettings.Smtp settings(String password) throws Exception {
        return new AlertSettings.Smtp(
                "127.0.0.1",
                greenMail.getSmtps().getPort(),
                "tls",
                USER,
                password,
                "tearline@example.org",
                certificate().caFile);
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
