package io.horadus.source;

import io.horadus.release.port.GitCredentials;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Applies a release's credentials to JGit transports for one operation, then forgets them.
 * A token becomes a username/password provider (https). An ssh identity is written, with its
 * known_hosts and an ssh config demanding strict host key checking, as 0600 files into a private
 * directory; the Apache MINA sshd session factory reads only those files (never ~/.ssh), and
 * {@link #close()} deletes them. Opening fails with IOException when the files cannot be written.
 */
final class RemoteAccess implements TransportConfigCallback, AutoCloseable {

    static final String IDENTITY = "identity";
    static final String KNOWN_HOSTS = "known_hosts";
    static final String CONFIG = "config";

    // No host may be trusted without a known_hosts entry; only the given key is offered. With
    // IdentitiesOnly, JGit offers only keys named by IdentityFile (its default identities are skipped),
    // so the config names the written identity: without it no key was offered ("no keys to try").
    private static final String SSH_CONFIG = """
            Host *
              StrictHostKeyChecking yes
              IdentitiesOnly yes
              IdentityFile "%s"
              IdentityAgent none
              PreferredAuthentications publickey
              BatchMode yes
            """;

    private final CredentialsProvider credentials;
    private final SshdSessionFactory ssh;
    private final PrivateFiles sshFiles;

    private RemoteAccess(CredentialsProvider credentials, SshdSessionFactory ssh, PrivateFiles sshFiles) {
        this.credentials = credentials;
        this.ssh = ssh;
        this.sshFiles = sshFiles;
    }

    static RemoteAccess open(GitCredentials given, Path sshDir) throws IOException {
        GitCredentials c = given == null ? GitCredentials.NONE : given;
        CredentialsProvider token = c.hasToken()
                ? new UsernamePasswordCredentialsProvider(c.username() == null || c.username().isEmpty() ? "git" : c.username(), c.token())
                : null;
        if (!c.hasSshIdentity()) {
            return new RemoteAccess(token, null, null);
        }
        PrivateFiles files = new PrivateFiles(sshDir);
        try {
            Path identity = files.write(IDENTITY, withNewline(c.sshIdentity()));
            Path knownHosts = files.write(KNOWN_HOSTS, c.knownHosts() == null ? "" : withNewline(c.knownHosts()));
            Path config = files.write(CONFIG, SSH_CONFIG.formatted(identity.toAbsolutePath()));
            SshdSessionFactory factory = new SshdSessionFactoryBuilder()
                    .setHomeDirectory(files.dir().toFile())
                    .setSshDirectory(files.dir().toFile())
                    .setConfigFile(dir -> config.toFile())
                    .setDefaultIdentities(dir -> List.of(identity))
                    .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
                    .setPreferredAuthentications("publickey")
                    .build(new JGitKeyCache());
            return new RemoteAccess(token, factory, files);
        } catch (IOException | RuntimeException e) {
            files.deleteAll();
            throw e;
        }
    }

    @Override
    public void configure(Transport transport) {
        if (ssh != null && transport instanceof SshTransport sshTransport) {
            sshTransport.setSshSessionFactory(ssh);
        }
        if (credentials != null) {
            transport.setCredentialsProvider(credentials);
        }
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
        if (sshFiles != null) {
            try {
                sshFiles.deleteAll();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete ssh files in " + sshFiles.dir(), e);
            }
        }
    }

    private static String withNewline(String s) {
        return s.endsWith("\n") ? s : s + "\n";
    }

    @Override
    public String toString() {
        return "RemoteAccess[token=" + (credentials != null ? "***" : "none") + ", ssh=" + (ssh != null ? "***" : "none") + "]";
    }
}
