package io.horadus.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The sample's files as the jar holds them, under {@code io/horadus/demo/}. */
final class Resources {

    private Resources() {
    }

    /** The text of {@code name}, relative to this package. */
    static String text(String name) {
        try (InputStream in = Resources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/horadus/demo/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource io/horadus/demo/" + name, e);
        }
    }
}
