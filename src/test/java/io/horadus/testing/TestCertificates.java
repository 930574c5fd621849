package io.horadus.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A CA and the certificates it signs, made with openssl the way a person makes them for a test setup,
 * in a directory of the test's own. PEM files, plus PKCS12 for a Java server.
 */
public final class TestCertificates {

    private static final String PASSWORD = "changeit";

    private final Path dir;
    private final String caName;

    private TestCertificates(Path dir, String caName) {
        this.dir = dir;
        this.caName = caName;
    }

    /** A new CA named {@code caName} in {@code dir}. */
    public static TestCertificates authority(Path dir, String caName) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + caName,
                "-keyout", caName + ".key", "-out", caName + ".crt");
        return new TestCertificates(dir, caName);
    }

    /** The CA's certificate, PEM. */
    public String caPem() {
        return read(caName + ".crt");
    }

    /** The CA's certificate file, for a server that reads its trusted CA from a file (dockerd --tlscacert). */
    public Path caFile() {
        return dir.resolve(caName + ".crt");
    }

    /**
     * A server certificate signed by this CA for {@code subjectAltName} (e.g. "IP:127.0.0.1"), with its
     * key, as files {@code name}.crt, {@code name}.key and {@code name}.p12.
     */
    public Issued server(String name, String subjectAltName) {
        return issue(name, "subjectAltName=" + subjectAltName + "\nextendedKeyUsage=serverAuth\n");
    }

    /** A client certificate signed by this CA (Docker's --tlsverify clients). */
    public Issued client(String name) {
        return issue(name, "extendedKeyUsage=clientAuth\n");
    }

    private Issued issue(String name, String extensions) {
        try {
            Files.writeString(dir.resolve(name + ".ext"), extensions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name, "-keyout", name + ".key", "-out", name + ".csr");
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", caName + ".crt", "-CAkey", caName + ".key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
        openssl(dir, "pkcs12", "-export", "-in", name + ".crt", "-inkey", name + ".key", "-name", name,
                "-passout", "pass:" + PASSWORD, "-out", name + ".p12");
        return new Issued(read(name + ".crt"), read(name + ".key"), dir.resolve(name + ".crt"), dir.resolve(name + ".key"), dir.resolve(name + ".p12"));
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(Path dir, String... arguments) {
        var argv = new java.util.ArrayList<>(List.of("openssl"));
        argv.addAll(List.of(arguments));
        var out = Commands.run(dir, java.util.Map.of(), argv, Commands.DEFAULT_TIMEOUT);
        if (!out.succeeded()) {
            throw new IllegalStateException(out.toString());
        }
    }

    /** An issued certificate and its key (PEM, and the files holding them), and both as PKCS12. */
    public record Issued(String certificatePem, String keyPem, Path certificateFile, Path keyFile, Path pkcs12) {

        /** A server-side SSLContext presenting this certificate. */
        public SSLContext serverContext() {
            try (InputStream in = Files.newInputStream(pkcs12)) {
                var store = KeyStore.getInstance("PKCS12");
                store.load(in, PASSWORD.toCharArray());
                var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, PASSWORD.toCharArray());
                var context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), null, null);
                return context;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return "Issued[" + pkcs12.getFileName() + "]";
        }
    }
}
