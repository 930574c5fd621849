package io.horadus.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.horadus.release.approval.Approval;
import io.horadus.release.approval.Approvals;
import io.horadus.release.port.ApprovalSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reviewers' approvals as files, one per approval: {@code <root>/NAMESPACE/RELEASE/NAME.json} holding
 * name, tag, commit, reviewer, comment and createdAt. An approval names the tag and the full commit it
 * resolved to, because the Approve step accepts only an approval of exactly both: a tag moved to
 * another commit since makes it stale. Files are written once, atomically, and never changed.
 */
public final class FileApprovals implements ApprovalSource {

    private static final String SUFFIX = ".json";
    /** A full git object name, SHA-1 or SHA-256, as the engine resolves a tag to. */
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    /** Words a shell takes as they are; anything else is quoted in the approve command. */
    private static final Pattern SHELL_PLAIN = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path root;
    private final Clock clock;
    private final Optional<Path> explicitState;

    /**
     * @param root          the approvals folder ({@link StateDirectory#approvals()})
     * @param clock         stamps createdAt
     * @param explicitState the --state a reviewer's command must repeat; empty when the state is where
     *                      {@link StateDirectory#defaultRoot} puts it, so the command finds it anyway
     */
    public FileApprovals(Path root, Clock clock, Optional<Path> explicitState) {
        this.root = root;
        this.clock = clock;
        this.explicitState = explicitState;
    }

    /**
     * Records a reviewer's approval of {@code tag} at {@code commit} for the release.
     *
     * @param commit   the full commit the tag resolved to (the awaiting release names it); upper case is taken as lower
     * @param reviewer who approves, or null
     * @param comment  why, or null
     * @throws IllegalArgumentException for an empty tag or a commit that is no full object name
     */
    public Approval record(String namespace, String release, String tag, String commit, String reviewer, String comment) {
        var folder = folder(namespace, release);
        if (tag == null || tag.isBlank()) {
            throw new IllegalArgumentException("an approval names the tag it approves");
        }
        var full = commit == null ? "" : commit.toLowerCase(Locale.ROOT);
        if (!COMMIT.matcher(full).matches()) {
            throw new IllegalArgumentException("'" + commit + "' is not a full commit (40 or 64 hex digits): an approval holds only for the exact commit"
                    + " the release resolved, which its AwaitingApproval message names");
        }
        var createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var base = sanitize(tag + "-" + full.substring(0, 7) + "-" + createdAt.toEpochMilli());
        var name = base;
        for (int n = 1; Files.exists(folder.resolve(name + SUFFIX)); n++) {
            name = base + "-" + n;
        }
        var file = new ApprovalFile(name, tag, full, reviewer, comment, createdAt.toString());
        try {
            DurableFiles.replace(folder.resolve(name + SUFFIX), (JSON.writeValueAsString(file) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an approval did not serialize", e);
        }
        return file.approval();
    }

    /**
     * Every approval of the release; a release without any has none (files can always hold them, so never KindMissing).
     *
     * @throws StateRefused for an approval file that cannot be read (the pass is retried, with the message in status)
     */
    @Override
    public Approvals approvals(String namespace, String release) {
        var folder = folder(namespace, release);
        var found = new ArrayList<Approval>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (var file : files) {
                var name = file.getFileName().toString();
                if (!name.startsWith(".") && name.endsWith(SUFFIX) && Files.isRegularFile(file)) {
                    found.add(read(file));
                }
            }
        } catch (NoSuchFileException e) {
            return new Approvals.Found(found);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read approvals in " + folder + ": " + e.getMessage(), e);
        }
        return new Approvals.Found(found);
    }

    /** {@code horadus approve NAME --tag T --commit C}, then {@code -n NS} outside the default namespace and {@code --state DIR} outside the default state. */
    @Override
    public String approveCommand(String namespace, String release, String tag, String commit) {
        var command = new StringBuilder("horadus approve ").append(quote(release))
                .append(" --tag ").append(quote(tag))
                .append(" --commit ").append(quote(commit));
        if (!ReleaseKey.DEFAULT_NAMESPACE.equals(namespace)) {
            command.append(" -n ").append(quote(namespace));
        }
        explicitState.ifPresent(state -> command.append(" --state ").append(quote(state.toString())));
        return command.toString();
    }

    private Path folder(String namespace, String release) {
        var key = ReleaseKey.of(namespace, release);
        return root.resolve(key.namespace()).resolve(key.name());
    }

    private static Approval read(Path file) {
        ApprovalFile approval;
        try {
            approval = JSON.readValue(file.toFile(), ApprovalFile.class);
        } catch (IOException e) {
            throw new StateRefused(file, "not an approval horadus can read (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        if (approval == null || approval.tag() == null || approval.commit() == null || approval.createdAt() == null) {
            throw new StateRefused(file, "an approval without tag, commit or createdAt");
        }
        if (approval.name() == null) {
            var name = file.getFileName().toString();
            approval = new ApprovalFile(name.substring(0, name.length() - SUFFIX.length()), approval.tag(), approval.commit(), approval.reviewer(),
                    approval.comment(), approval.createdAt());
        }
        try {
            return approval.approval();
        } catch (DateTimeParseException e) {
            throw new StateRefused(file, "createdAt '" + approval.createdAt() + "' is no instant", e);
        }
    }

    /** Letters, digits, '.', '_' and '-' stay; the rest becomes '-', and a leading '.' too, so the file is never hidden. */
    private static String sanitize(String name) {
        var plain = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return plain.startsWith(".") ? "-" + plain.substring(1) : plain;
    }

    private static String quote(String word) {
        if (SHELL_PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** One approval file's fields. */
    private record ApprovalFile(String name, String tag, String commit, String reviewer, String comment, String createdAt) {

        Approval approval() {
            return new Approval(name, tag, commit, reviewer, Instant.parse(createdAt));
        }
    }
}
