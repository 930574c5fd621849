package io.horadus.verify;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which https servers a probe believes: the JVM's CAs, the CAs of a PEM bundle from a Secret, or (asked
 * for explicitly) any server at all.
 *
 * @param caBundle PEM certificates to trust instead of the JVM's, or null
 * @param insecure trust every certificate and host name
 */
record TlsTrust(String caBundle, boolean insecure) {

    static final TlsTrust JVM_DEFAULT = new TlsTrust(null, false);

    /**
     * The SSLContext for a client, or null for the JVM's default. With a bundle, the JDK's own trust manager
     * checks the chain and, since the HTTP client asks for endpoint identification, the host name too.
     */
    SSLContext sslContext() throws GeneralSecurityException, IOException {
        if (insecure) {
            var context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustingEveryone()}, null);
            return context;
        }
        if (caBundle == null) {
            return null;
        }
        var certificates = certificates(caBundle);
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (var certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        var context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** The certificates of a PEM bundle; at least one, or an exception that says there is none. */
    static Collection<? extends Certificate> certificates(String pem) throws GeneralSecurityException {
        var certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate in the bundle");
        }
        return certificates;
    }

    @Override
    public String toString() {
        return insecure ? "TlsTrust[insecure]" : caBundle == null ? "TlsTrust[JVM]" : "TlsTrust[CA bundle]";
    }

    /**
     * insecureSkipVerify. An extended trust manager, because for one of these the JDK leaves the host name
     * check to the trust manager too: accepting here skips both checks, for this client only.
     */
    private static final class TrustingEveryone extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
