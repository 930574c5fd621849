package io.horadus.release.port;

/** PEM material for a TLS Docker endpoint. Never printed: toString hides every value. */
public record DockerTls(String caPem, String certPem, String keyPem) {
    @Override
    public String toString() {
        return "DockerTls[***]";
    }
}
