package io.horadus.demo;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The tiny local image the sample app and the tests build on, made from the host's static busybox
 * (Debian's busybox-static) because no registry need be reachable: {@code bin/busybox} with a link per
 * applet, {@code /tmp} and a root user, enough for sh, httpd, wget and sleep. {@code docker import}ed
 * into the engine the docker CLI talks to (DOCKER_HOST), once: never pulled.
 */
public final class BaseImage {

    public static final String NAME = "horadus/busybox:1";

    private static final Path BUSYBOX = Path.of("/bin/busybox");
    // Two threads importing at once would both see the image missing and import it twice.
    private static final Object LOCK = new Object();
    private static final int PT_INTERP = 3;

    private BaseImage() {
    }

    /** True when the engine the docker CLI talks to has the image (imported earlier, by a demo or a test). */
    public static boolean present() {
        synchronized (LOCK) {
            return docker(List.of("image", "inspect", NAME), null) == 0;
        }
    }

    /** The image name, importing the image first when the engine does not have it. */
    public static String ensure() {
        synchronized (LOCK) {
            if (docker(List.of("image", "inspect", NAME), null) != 0) {
                importImage();
            }
            return NAME;
        }
    }

    private static void importImage() {
        requireStaticBusybox();
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
            Path tar = Files.createTempFile(dir, "horadus-busybox-rootfs", ".tar");
            try {
                writeRootfs(tar);
                int exit = docker(List.of("import", "-", NAME), tar);
                if (exit != 0) {
                    throw new IllegalStateException("docker import of " + NAME + " failed with exit code " + exit);
                }
            } finally {
                Files.deleteIfExists(tar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The image has no libc: Debian's plain busybox package puts a dynamically linked build at the same
     * path, which would import fine and then fail in every container with "no such file or directory".
     */
    private static void requireStaticBusybox() {
        if (!Files.isRegularFile(BUSYBOX)) {
            throw new IllegalStateException(BUSYBOX + " is missing: install the busybox-static package");
        }
        if (hasInterpreter(BUSYBOX)) {
            throw new IllegalStateException(BUSYBOX + " is dynamically linked: install the busybox-static package");
        }
    }

    // An ELF program that names an interpreter (PT_INTERP) needs the dynamic loader and a libc.
    private static boolean hasInterpreter(Path elf) {
        try (FileChannel channel = FileChannel.open(elf)) {
            ByteBuffer header = ByteBuffer.allocate(64);
            channel.read(header, 0);
            header.flip();
            if (header.limit() < 64 || header.getInt(0) != 0x7f454c46) {
                throw new IllegalStateException(elf + " is not an ELF program");
            }
            boolean is64 = header.get(4) == 2;
            header.order(header.get(5) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            long tableOffset = is64 ? header.getLong(0x20) : Integer.toUnsignedLong(header.getInt(0x1c));
            int entrySize = Short.toUnsignedInt(header.getShort(is64 ? 0x36 : 0x2a));
            int entries = Short.toUnsignedInt(header.getShort(is64 ? 0x38 : 0x2c));
            ByteBuffer type = ByteBuffer.allocate(4).order(header.order());
            for (int i = 0; i < entries; i++) {
                type.clear();
                channel.read(type, tableOffset + (long) i * entrySize);
                if (type.getInt(0) == PT_INTERP) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + elf, e);
        }
    }

    private static void writeRootfs(Path tar) throws IOException {
        try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream archive = new TarArchiveOutputStream(out)) {
            archive.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            directory(archive, "bin/", 0755);
            directory(archive, "etc/", 0755);
            directory(archive, "root/", 0700);
            directory(archive, "tmp/", 01777);

            TarArchiveEntry busybox = new TarArchiveEntry("bin/busybox");
            busybox.setMode(0755);
            busybox.setSize(Files.size(BUSYBOX));
            archive.putArchiveEntry(busybox);
            Files.copy(BUSYBOX, archive);
            archive.closeArchiveEntry();

            for (String applet : applets()) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarConstants.LF_SYMLINK);
                link.setLinkName("busybox");
                link.setMode(0777);
                archive.putArchiveEntry(link);
                archive.closeArchiveEntry();
            }

            file(archive, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
            file(archive, "etc/group", "root:x:0:\n");
            archive.finish();
        }
    }

    // busybox prints its applets one per line; sh is added in case a build leaves it out.
    private static Set<String> applets() throws IOException {
        Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
        String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Set<String> applets = new LinkedHashSet<>();
        for (String line : out.split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.equals("busybox") && !name.contains("/")) {
                applets.add(name);
            }
        }
        applets.add("sh");
        return applets;
    }

    private static void directory(TarArchiveOutputStream archive, String name, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
        archive.putArchiveEntry(entry);
        archive.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream archive, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0644);
        entry.setSize(bytes.length);
        archive.putArchiveEntry(entry);
        archive.write(bytes);
        archive.closeArchiveEntry();
    }

    private static int docker(List<String> args, Path stdin) {
        List<String> argv = new ArrayList<>();
        argv.add("docker");
        argv.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        try {
            Process process = builder.start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("docker " + String.join(" ", args) + " did not finish");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run docker (is the docker CLI installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
