package io.horadus.cli;

import io.horadus.manifest.Manifests;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Manifests kept in a git repository (GitOps without a cluster): each look fetches the repository and reads
 * {@code path} at the newest commit of its default branch (or {@code branch}), in a clone of the agent's own.
 */
final class GitManifests implements ManifestSource {

    private final Manifests manifests;
    private final String url;
    private final String branch;
    private final String path;
    private final Path clone;

    /**
     * @param branch the branch to follow, or null for the repository's default
     * @param path   the folder within the repository ("" for all of it)
     */
    GitManifests(Manifests manifests, String url, String branch, String path, Path workDir) {
        this.manifests = manifests;
        this.url = url;
        this.branch = branch;
        this.path = path;
        this.clone = workDir.resolve("agent-manifests").resolve(digest(url));
    }

    @Override
    public Found read() {
        try {
            var head = fetch();
            return ManifestSource.readFolder(manifests, path.isEmpty() ? clone : clone.resolve(path), head);
        } catch (IOException | GitAPIException e) {
            return new Found(List.of(), List.of(url + ": " + e.getMessage()), "");
        }
    }

    private String fetch() throws IOException, GitAPIException {
        if (!Files.isDirectory(clone.resolve(".git"))) {
            Files.createDirectories(clone.getParent());
            var command = Git.cloneRepository().setURI(url).setDirectory(clone.toFile());
            if (branch != null) {
                command.setBranch(branch);
            }
            try (var git = command.call()) {
                return git.getRepository().resolve("HEAD").name();
            }
        }
        try (var git = Git.open(clone.toFile())) {
            git.fetch().setRemote("origin").setRemoveDeletedRefs(true).call();
            var followed = branch != null ? branch : git.getRepository().getBranch();
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef("refs/remotes/origin/" + followed).call();
            return git.getRepository().resolve("HEAD").name();
        }
    }

    private static String digest(String url) {
        try {
            var sha = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
