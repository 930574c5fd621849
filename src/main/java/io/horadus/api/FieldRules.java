package io.horadus.api;

/**
 * Patterns and bounds of the spec fields, shared by the CRD's schema (annotations) and the operator's
 * own re-check ({@code SpecValidator}). Every string a pattern or rule reads is bounded, so a 1.25+ API
 * server's CEL cost estimate stays small; values that reach a command line admit no shell
 * metacharacters, no whitespace and no leading '-'. Patterns use only what both Go's RE2 (the API
 * server) and java.util.regex understand the same way: no look-arounds, no back-references.
 */
public final class FieldRules {

    /** The contract's tag pattern (DESIGN.md section 2): vMAJOR.MINOR.PATCH, no leading zeros. */
    public static final String TAG = "^v(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)$";
    public static final int TAG_MAX = 64;

    /** A compose service or profile name, as compose accepts them. */
    public static final String SERVICE_NAME = "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$";
    /** Compose project, service and profile names: a DNS label's length is plenty. */
    public static final int NAME_MAX = 63;
    /** Services in one list: Horadus has seven (api, worker, beat, migrate, postgres, redis, caddy). */
    public static final int SERVICES_MAX = 32;

    public static final String PROJECT = "^[a-z0-9][a-z0-9_-]*$";

    /** A Kubernetes object name (DNS-1123 subdomain). */
    public static final String OBJECT_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public static final int OBJECT_NAME_MAX = 253;

    /**
     * A relative path inside the repository: optionally "./", then segments that never hold "..", no
     * leading '/' or '-'. Each '.' must be followed by a name character, which is what rules out "..".
     */
    public static final String COMPOSE_FILE = "^(\\./)?\\.?[A-Za-z0-9_](\\.?[A-Za-z0-9_/-])*$";
    public static final int PATH_MAX = 255;
    /** Compose files per release: a base file and a few overrides. */
    public static final int COMPOSE_FILES_MAX = 8;

    /**
     * One argument of a command the operator passes to a container (argv, never a shell): any text
     * without control characters; a leading '-' is harmless after the service name.
     */
    public static final String COMMAND_ARG = "^[^\\x00-\\x1f\\x7f]*$";
    public static final int COMMAND_ARG_MAX = 1024;
    public static final int COMMAND_ARGS_MAX = 32;

    /** A Secret's data key, as Kubernetes allows them. */
    public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";
    /** Files from Secrets per release: .env and a few more. */
    public static final int PROJECT_FILES_MAX = 16;
    /** A path under the repository's .git directory: never written. */
    public static final String GIT_DIRECTORY = "(^|/)[.]git(/|$)";

    /**
     * No whitespace, control characters or shell metacharacters after the scheme. Controls are spelled
     * out as \x00-\x20 rather than \s: RE2's \s (the API server) lacks the vertical tab that Java's \s
     * has, and the server and the operator must judge every value alike.
     */
    public static final String GIT_URL = "^(https?://|ssh://|file://|/|[A-Za-z0-9_][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9.-]*:)[^\\x00-\\x20\\x7f;&|<>$`\\\\'\"]+$";
    public static final String BRANCH = "^[A-Za-z0-9_][A-Za-z0-9._/-]*$";
    public static final int BRANCH_MAX = 255;

    public static final String DOCKER_HOST = "^(unix:///[A-Za-z0-9._/-]+|tcp://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:]+\\]):[0-9]{1,5})$";
    public static final int DOCKER_HOST_MAX = 512;

    /**
     * An http(s) URL without the characters RFC 3986 never allows unencoded (controls, space, '"', '<',
     * '>', '\', '^', '`', '{', '|', '}'), which java.net.URI refuses too. Query and parameter separators
     * (';', '&', '$', '(', ')', ''') are legal URL characters and stay allowed: the URL reaches an HTTP
     * client, never a shell.
     */
    public static final String HTTP_URL = "^https?://[^\\x00-\\x20\\x7f\"<>\\\\^`{|}]+$";
    public static final int URL_MAX = 2048;

    /** Seconds between verification attempts, and how long verification may keep failing. */
    public static final int INTERVAL_MIN = 1;
    public static final int INTERVAL_MAX = 300;
    public static final int TIMEOUT_MIN = 1;
    public static final int TIMEOUT_MAX = 3600;

    /** Consecutive failed rounds that mean "stays failed", and the watch window after the rollout. */
    public static final int FAILURE_THRESHOLD_MIN = 1;
    public static final int FAILURE_THRESHOLD_MAX = 100;
    public static final int WATCH_MIN = 0;
    public static final int WATCH_MAX = 86400;

    /** A check's or metric rule's name, as status and Events show it. */
    public static final String CHECK_NAME = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$";
    /** Named checks of verify.checks: the runbook's probes, a handful per release. */
    public static final int PROBE_CHECKS_MAX = 16;
    /** Expected HTTP statuses of one check. */
    public static final int STATUSES_MAX = 16;
    /** A body or output substring, or a regular expression over it: a word or a short pattern. */
    public static final int MATCH_MAX = 256;
    /** An exec check's own deadline: an in-container probe answers within seconds or the app is unhealthy. */
    public static final int EXEC_TIMEOUT_MIN = 1;
    public static final int EXEC_TIMEOUT_MAX = 30;
    public static final int METRIC_RULES_MAX = 16;
    /** Checks in one round: health, metrics, one per service, one per named check, one per metric rule. */
    public static final int CHECKS_MAX = 2 + SERVICES_MAX + PROBE_CHECKS_MAX + METRIC_RULES_MAX;
    /** Good releases whose images are kept for a rollback. */
    public static final int KEEP_MIN = 1;
    public static final int KEEP_MAX = 10;

    /**
     * PromQL's instant-vector selector without functions or spaces: a metric name, then optional label
     * matchers (=, !=, =~, !~) with double-quoted values, e.g. http_requests_total{status=~"5.."}.
     */
    public static final String METRIC_SELECTOR = "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*(=|!=|=~|!~)\"([^\"\\\\]|\\\\.)*\"(,[a-zA-Z_][a-zA-Z0-9_]*(=|!=|=~|!~)\"([^\"\\\\]|\\\\.)*\")*)?\\})?$";
    public static final int SELECTOR_MAX = 512;

    /** Gates per release: the runbook's four and room for a few more. */
    public static final int GATES_MAX = 16;
    /**
     * An image reference: [registry[:port]/]name[:tag][@sha256:digest], lowercase name components as
     * Docker requires them.
     */
    public static final String IMAGE = "^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$";
    public static final int IMAGE_MAX = 255;
    /** An absolute directory in a container, no '.' or '..' component, not '/' itself. */
    public static final String CONTAINER_PATH = "^(/[A-Za-z0-9_][A-Za-z0-9_.-]*)+/?$";
    /** A path glob relative to the repository's root: no leading '/', no control characters. */
    public static final String GLOB = "^[^/\\x00-\\x1f\\x7f][^\\x00-\\x1f\\x7f]*$";
    public static final int GLOBS_MAX = 32;
    /** A written reason: at least one visible character; line breaks and tabs allowed, other controls not. */
    public static final String NOT_BLANK = "^[^\\x00-\\x08\\x0b-\\x1f\\x7f]*[^\\x00-\\x20\\x7f][^\\x00-\\x08\\x0b-\\x1f\\x7f]*$";
    public static final int REASON_MAX = 1024;
    /** A full git commit id, as status.release.commit shows it; an approval names one. */
    public static final String COMMIT = "^[0-9a-f]{40}$";
    public static final int COMMIT_LENGTH = 40;
    /** An approval's free-text reviewer and comment, and the stale approvals a release's status lists. */
    public static final int REVIEWER_MAX = 253;
    public static final int COMMENT_MAX = 1024;
    public static final int STALE_APPROVALS_MAX = 5;

    /** Upstream releases one release may name in spec.promotion.from (staging, a QA stage, ...). */
    public static final int UPSTREAMS_MAX = 8;
    /** The longest soak: 30 days. */
    public static final int SOAK_MAX = 2_592_000;
    /** Releases status.promotion.chain names; a longer chain is cut at its upstream end. */
    public static final int CHAIN_MAX = 16;
    /** Tags status.promotion.revoked keeps, newest first. */
    public static final int REVOKED_MAX = 20;

    private FieldRules() {
    }
}
