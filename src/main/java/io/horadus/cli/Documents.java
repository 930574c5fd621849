package io.horadus.cli;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.horadus.api.HoradusRelease;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code -o yaml|json}: the stored objects as {@code kubectl get -o} prints them (a List for several). */
final class Documents {

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    void print(List<HoradusRelease> releases, boolean single, OutputFormat format, PrintStream out) {
        print(single && releases.size() == 1 ? releases.get(0) : list(releases), format, out);
    }

    /** Any part of a stored object (a status's history), as yaml or json. */
    void print(Object document, OutputFormat format, PrintStream out) {
        if (format == OutputFormat.json) {
            out.println(serialization.asJson(document).replace("\r", ""));
        } else {
            out.print(serialization.asYaml(document));
        }
    }

    private static Map<String, Object> list(List<HoradusRelease> releases) {
        var list = new LinkedHashMap<String, Object>();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        list.put("items", releases);
        return list;
    }
}
