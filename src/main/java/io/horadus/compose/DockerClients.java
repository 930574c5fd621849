package io.horadus.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.horadus.release.port.DockerTls;
import io.horadus.release.port.HostUnavailableException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One docker-java client per Docker endpoint (host and TLS material), created on first use and kept.
 * The API version is pinned to 1.41 so version negotiation cannot pick one the host's dockerd (20.10)
 * refuses.
 */
public final class DockerClients implements AutoCloseable {

    static final RemoteApiVersion API_VERSION = RemoteApiVersion.VERSION_1_41;

    /** A client's identity: the TLS material is keyed by its directory, which is named by its digest. */
    private record Endpoint(String dockerHost, Path certPath) {
    }

    private final TlsMaterialStore tlsStore;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Map<Endpoint, DockerClient> clients = new ConcurrentHashMap<>();

    public DockerClients(TlsMaterialStore tlsStore, Duration connectTimeout, Duration responseTimeout) {
        this.tlsStore = tlsStore;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    /**
     * The client for an endpoint.
     *
     * @param tls TLS material for a tcp endpoint, or null
     * @throws HostUnavailableException when the endpoint is malformed or its TLS material cannot be used
     */
    public DockerClient client(String dockerHost, DockerTls tls) {
        return clients.computeIfAbsent(new Endpoint(dockerHost, tlsStore.certPath(dockerHost, tls)), this::create);
    }

    private DockerClient create(Endpoint endpoint) {
        try {
            // A fresh builder, not createDefaultConfigBuilder(): the operator's own DOCKER_* variables,
            // system properties and ~/.docker contexts must not redirect a release.
            DefaultDockerClientConfig.Builder builder = new DefaultDockerClientConfig.Builder()
                    .withDockerHost(endpoint.dockerHost())
                    .withApiVersion(API_VERSION);
            if (endpoint.certPath() != null) {
                builder.withDockerTlsVerify(true).withDockerCertPath(endpoint.certPath().toString());
            } else {
                builder.withDockerTlsVerify(false);
            }
            DockerClientConfig config = builder.build();
            DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost())
                    .sslConfig(config.getSSLConfig())
                    .connectionTimeout(connectTimeout)
                    .responseTimeout(responseTimeout)
                    .build();
            return DockerClientImpl.getInstance(config, http);
        } catch (RuntimeException e) {
            throw new HostUnavailableException("cannot create a Docker client for " + describe(endpoint.dockerHost()), e);
        }
    }

    /**
     * The endpoint as it may appear in messages: scheme, host, port and path, never user info or
     * query parameters.
     */
    public static String describe(String dockerHost) {
        if (dockerHost == null) {
            return "<no endpoint>";
        }
        try {
            URI uri = new URI(dockerHost);
            String host = uri.getHost() == null ? "" : uri.getHost();
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            String path = uri.getPath() == null ? "" : uri.getPath();
            return uri.getScheme() + "://" + host + port + path;
        } catch (URISyntaxException e) {
            return "<malformed endpoint>";
        }
    }

    @Override
    public void close() {
        List<IOException> failures = new ArrayList<>();
        clients.values().forEach(c -> {
            try {
                c.close();
            } catch (IOException e) {
                failures.add(e);
            }
        });
        clients.clear();
        if (!failures.isEmpty()) {
            throw new UncheckedIOException("could not close " + failures.size() + " Docker client(s)", failures.get(0));
        }
    }
}
