package io.horadus.source;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.SubmoduleConfig.FetchRecurseSubmodulesMode;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.util.FileUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The bare mirror of a release's repository: branches and tags exactly as on the remote. Expects the
 * caller to hold the release key's lock. {@link #open} creates the mirror when missing (and replaces
 * one left half-created); {@link #fetch} force-updates every branch and tag and prunes deleted ones,
 * so a moved or deleted tag is seen. Transport failures surface as GitAPIException, disk failures as
 * IOException.
 */
final class Mirror {

    private static final RefSpec HEADS = new RefSpec("+refs/heads/*:refs/heads/*");
    private static final RefSpec TAGS = new RefSpec("+refs/tags/*:refs/tags/*");

    private Mirror() {
    }

    static Repository open(Path dir) throws IOException {
        boolean complete = Files.isRegularFile(dir.resolve("HEAD")) && Files.isDirectory(dir.resolve("objects"))
                && Files.isRegularFile(dir.resolve("config"));
        if (!complete) {
            if (Files.exists(dir)) {
                FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
            }
            Files.createDirectories(dir.getParent());
            try {
                Git.init().setBare(true).setGitDir(dir.toFile()).setInitialBranch("main").call().close();
            } catch (GitAPIException e) {
                throw new IOException("cannot create mirror " + dir, e);
            }
        }
        Repository mirror = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
        StoredConfig config = mirror.getConfig();
        if (config.getBoolean(ConfigConstants.CONFIG_GC_SECTION, ConfigConstants.CONFIG_KEY_AUTODETACH, true)) {
            // A fetch may start an auto gc; in the background it would race the next fetch or a
            // re-created mirror, so it runs inside the fetch, under the key's lock.
            config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
            config.save();
        }
        return mirror;
    }

    /** Fetches from {@code url}; the URL is not stored in the mirror's config. */
    static void fetch(Repository mirror, String url, TransportConfigCallback access, Duration timeout)
            throws GitAPIException, IOException {
        FetchResult result = Git.wrap(mirror).fetch()
                .setRemote(url)
                .setRefSpecs(HEADS, TAGS)
                // Tags come only through the forced refspec: auto-following would not move them.
                .setTagOpt(TagOpt.NO_TAGS)
                .setRemoveDeletedRefs(true)
                .setRecurseSubmodules(FetchRecurseSubmodulesMode.NO)
                .setTimeout((int) Math.max(1, timeout.toSeconds()))
                .setTransportConfigCallback(access)
                .call();
        for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
            switch (update.getResult()) {
                case LOCK_FAILURE, IO_FAILURE, REJECTED, REJECTED_CURRENT_BRANCH, REJECTED_MISSING_OBJECT, REJECTED_OTHER_REASON ->
                        throw new IOException("could not update " + update.getLocalName() + " in the mirror: " + update.getResult());
                default -> {
                }
            }
        }
    }

    /**
     * Whether some branch or tag of the mirror holds {@code commit}. After a pruning fetch the object
     * may still be on disk while the remote has lost it; only reachability says it is still there.
     * Walks the history, so it is for the rare path of a missing tag only.
     */
    static boolean isReachable(Repository mirror, String commit) throws IOException {
        if (!ObjectId.isId(commit.toLowerCase()) || !hasCommit(mirror, ObjectId.fromString(commit.toLowerCase()))) {
            return false;
        }
        try (RevWalk walk = new RevWalk(mirror)) {
            RevCommit wanted = walk.parseCommit(ObjectId.fromString(commit.toLowerCase()));
            for (Ref ref : mirror.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
                Ref peeled = mirror.getRefDatabase().peel(ref);
                ObjectId id = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
                if (id == null) {
                    continue;
                }
                if (!(walk.parseAny(id) instanceof RevCommit tip)) {
                    continue;
                }
                if (walk.isMergedInto(wanted, tip)) {
                    return true;
                }
                walk.reset();
            }
            return false;
        }
    }

    static boolean hasCommit(Repository mirror, ObjectId commit) {
        try {
            return mirror.getObjectDatabase().has(commit)
                    && mirror.open(commit).getType() == Constants.OBJ_COMMIT;
        } catch (IOException e) {
            return false;
        }
    }
}
