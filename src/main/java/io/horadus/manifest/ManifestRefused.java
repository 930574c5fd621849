package io.horadus.manifest;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A manifest the command line refuses, and nothing of it runs. Carries what a person needs to fix
 * it: the file, the release's name, why (the reason) and the causes in the API server's words;
 * {@link #message()} prints it the way kubectl prints the server's answer.
 */
public final class ManifestRefused extends RuntimeException {

    /** Which answer a cluster would give. */
    public enum Reason {
        /** Not YAML or JSON that can be read. */
        UNREADABLE,
        /** Another kind or apiVersion, or none: kubectl finds no resource for it. */
        NOT_A_RELEASE,
        /** 400: fields the schema does not declare, or metadata of the wrong type (strict decoding). */
        UNDECODABLE,
        /** 422: the CRD's schema or CEL rules, or metadata.name/namespace, refuse it. */
        INVALID,
        /** Passes the CRD but breaks a rule the engine enforces at run time (condition reason SpecInvalid). */
        SPEC_INVALID
    }

    private final String source;
    private final String name;
    private final Reason reason;
    private final List<Problem> problems;

    public ManifestRefused(String source, String name, Reason reason, List<Problem> problems) {
        super(render(source, name, reason, problems));
        this.source = source;
        this.name = name;
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    /** The file (or other source) the manifest came from. */
    public String source() {
        return source;
    }

    /** metadata.name as written ("" when it has none). */
    public String name() {
        return name;
    }

    public Reason reason() {
        return reason;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** As kubectl prints it, e.g. {@code The HoradusRelease "horadus" is invalid: spec.tag: Required value}. */
    public String message() {
        return getMessage();
    }

    private static String render(String source, String name, Reason reason, List<Problem> problems) {
        return switch (reason) {
            case UNREADABLE -> "error parsing " + source + ": " + joined(problems);
            case NOT_A_RELEASE -> problems.stream().anyMatch(p -> p.message().startsWith("no matches"))
                    ? "resource mapping not found for name: " + ServerText.quote(name) + " namespace: \"\" from " + ServerText.quote(source) + ": " + joined(problems)
                    : "error validating " + ServerText.quote(source) + ": error validating data: " + joined(problems);
            case UNDECODABLE -> "Error from server (BadRequest): error when creating " + ServerText.quote(source) + ": "
                    + "HoradusRelease in version \"v1alpha1\" cannot be handled as a HoradusRelease: "
                    + (problems.stream().allMatch(p -> p.message().startsWith("unknown field")) ? "strict decoding error: " : "")
                    + joined(problems);
            case INVALID -> causes("The HoradusRelease " + ServerText.quote(name) + " is invalid: ", problems);
            case SPEC_INVALID -> causes("The HoradusRelease " + ServerText.quote(name) + " is refused by the engine (SpecInvalid): ", problems);
        };
    }

    private static String joined(List<Problem> problems) {
        return problems.stream().map(Problem::message).collect(Collectors.joining(", "));
    }

    /** kubectl's form: one cause on the same line, several as a list of "* field: message". */
    private static String causes(String prefix, List<Problem> problems) {
        if (problems.size() == 1) {
            return prefix + problems.get(0);
        }
        return prefix + "\n" + problems.stream().map(p -> "* " + p).collect(Collectors.joining("\n"));
    }
}
