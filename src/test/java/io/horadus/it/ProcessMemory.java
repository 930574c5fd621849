package io.horadus.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** What the benchmarks print of a process: RSS, its peak and threads from /proc/PID/status; the JVM flags it runs with. */
record ProcessMemory(long rssKb, long hwmKb, int threads) {

    static ProcessMemory of(long pid) throws IOException {
        var status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        return new ProcessMemory(field(status, "VmRSS"), field(status, "VmHWM"), (int) field(status, "Threads"));
    }

    /** The image's JVM flags (image/jvm.options, or the file -Doperator.jvm-options names), comments left out. */
    static List<String> jvmFlags() throws IOException {
        var file = Path.of(System.getProperty("operator.jvm-options", "image/jvm.options"));
        return Files.readAllLines(file).stream().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static long field(String procStatus, String name) {
        var matcher = Pattern.compile("(?m)^" + name + ":\\s+(\\d+)").matcher(procStatus);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in /proc/<pid>/status");
        }
        return Long.parseLong(matcher.group(1));
    }
}
