package io.horadus.it;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;

/**
 * One Kubernetes API request in RBAC terms: verb, API group ("" for core), resource, subresource
 * ("" for none) and namespace (null for a cluster-wide request). A path outside /api and /apis is a
 * non-resource URL: its resource is the path and its group "-".
 */
record ApiCall(String verb, String group, String resource, String subresource, String namespace) {

    static final String NON_RESOURCE = "-";

    /** From an HTTP method and request path (with query), the way the API server's request-info resolver reads it. */
    static ApiCall of(String method, String pathAndQuery) {
        var uri = URI.create(pathAndQuery);
        var segments = Arrays.stream(uri.getPath().split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        var watch = uri.getQuery() != null && Arrays.asList(uri.getQuery().split("&")).contains("watch=true");
        int rest;
        String group;
        if (segments.length >= 3 && segments[0].equals("api")) {
            group = "";
            rest = 2;
        } else if (segments.length >= 4 && segments[0].equals("apis")) {
            group = segments[1];
            rest = 3;
        } else {
            return new ApiCall(method.toLowerCase(Locale.ROOT), NON_RESOURCE, uri.getPath(), "", null);
        }
        String namespace = null;
        if (segments[rest].equals("namespaces") && segments.length > rest + 2) {
            namespace = segments[rest + 1];
            rest += 2;
        }
        var resource = segments[rest];
        var name = segments.length > rest + 1 ? segments[rest + 1] : null;
        var subresource = segments.length > rest + 2 ? segments[rest + 2] : "";
        return new ApiCall(verb(method, name != null, watch), group, resource, subresource, namespace);
    }

    private static String verb(String method, boolean named, boolean watch) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    String resourceWithSubresource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    @Override
    public String toString() {
        return verb + " " + (group.isEmpty() ? "core" : group) + " " + resourceWithSubresource()
                + (namespace == null ? " (cluster-wide)" : " in namespace " + namespace);
    }
}
