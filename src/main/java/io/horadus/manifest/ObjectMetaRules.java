package io.horadus.manifest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The API server's rules for metadata.name and metadata.namespace of a namespaced object, with its
 * wording: the name is a DNS-1123 subdomain, the namespace a DNS-1123 label. A manifest for the
 * command line needs a name (there is no server to generate one from generateName).
 */
final class ObjectMetaRules {

    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN = LABEL + "(\\." + LABEL + ")*";
    private static final Pattern LABEL_PATTERN = Pattern.compile(LABEL);
    private static final Pattern SUBDOMAIN_PATTERN = Pattern.compile(SUBDOMAIN);
    private static final int SUBDOMAIN_MAX = 253;
    private static final int LABEL_MAX = 63;

    private ObjectMetaRules() {
    }

    static List<Finding> check(JsonNode metadata) {
        var found = new ArrayList<Finding>();
        var name = metadata.path("name");
        if (!name.isTextual() || name.asText().isEmpty()) {
            found.add(Finding.blocking("metadata.name", "Required value: name or generateName is required"));
        } else {
            var text = name.asText();
            if (text.length() > SUBDOMAIN_MAX) {
                found.add(Finding.invalid("metadata.name", "Invalid value: " + ServerText.quote(text) + ": must be no more than " + SUBDOMAIN_MAX + " characters"));
            }
            if (!SUBDOMAIN_PATTERN.matcher(text).matches()) {
                found.add(Finding.invalid("metadata.name", "Invalid value: " + ServerText.quote(text) + ": a lowercase RFC 1123 subdomain must consist of "
                        + "lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
                        + "(e.g. 'example.com', regex used for validation is '" + SUBDOMAIN + "')"));
            }
        }
        var namespace = metadata.path("namespace");
        if (namespace.isTextual() && !namespace.asText().isEmpty()) {
            var text = namespace.asText();
            if (text.length() > LABEL_MAX) {
                found.add(Finding.invalid("metadata.namespace", "Invalid value: " + ServerText.quote(text) + ": must be no more than " + LABEL_MAX + " characters"));
            }
            if (!LABEL_PATTERN.matcher(text).matches()) {
                found.add(Finding.invalid("metadata.namespace", "Invalid value: " + ServerText.quote(text) + ": a lowercase RFC 1123 label must consist of "
                        + "lower case alphanumeric characters or '-', and must start and end with an alphanumeric character "
                        + "(e.g. 'my-name',  or '123-abc', regex used for validation is '" + LABEL + "')"));
            }
        }
        return found;
    }
}
