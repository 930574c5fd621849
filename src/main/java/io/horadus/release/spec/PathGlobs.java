package io.horadus.release.spec;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/**
 * A gate's path condition: glob patterns over repository paths ('*' and '?' within one directory,
 * '**' across directories, {a,b} and [abc] as in Java's glob syntax), matched against '/'-separated
 * paths relative to the repository's root.
 */
public final class PathGlobs {

    private final List<String> patterns;
    private final List<PathMatcher> matchers;

    private PathGlobs(List<String> patterns, List<PathMatcher> matchers) {
        this.patterns = patterns;
        this.matchers = matchers;
    }

    /** @throws IllegalArgumentException naming the pattern that is not a glob */
    public static PathGlobs of(List<String> patterns) {
        var filesystem = FileSystems.getDefault();
        return new PathGlobs(List.copyOf(patterns), patterns.stream().map(pattern -> {
            try {
                return filesystem.getPathMatcher("glob:" + pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + pattern + "' is not a glob: " + e.getDescription(), e);
            }
        }).toList());
    }

    /** Why this pattern is not a glob, if it is not one. */
    public static Optional<String> problem(String pattern) {
        try {
            of(List.of(pattern));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The first of these paths that a pattern matches. */
    public Optional<String> firstMatch(List<String> paths) {
        return paths.stream().filter(this::matches).findFirst();
    }

    boolean matches(String path) {
        var asPath = Path.of(path);
        return matchers.stream().anyMatch(matcher -> matcher.matches(asPath));
    }

    @Override
    public String toString() {
        return String.join(", ", patterns);
    }
}
