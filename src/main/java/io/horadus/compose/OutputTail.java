package io.horadus.compose;

import java.nio.charset.StandardCharsets;

/**
 * The last characters of a stream of output (a gate's logs, a build's progress) without holding the
 * whole stream: a ring of the last bytes, decoded at the end. Keeps four bytes per character wanted,
 * the most UTF-8 spends on one.
 */
final class OutputTail {

    private final int maxChars;
    private final byte[] ring;
    private long written;

    OutputTail(int maxChars) {
        this.maxChars = maxChars;
        this.ring = new byte[maxChars * 4];
    }

    synchronized void append(byte[] bytes) {
        if (bytes == null) {
            return;
        }
        // Bytes that would be overwritten within this very call are only counted.
        int from = Math.max(0, bytes.length - ring.length);
        written += from;
        for (int i = from; i < bytes.length; i++) {
            ring[(int) (written++ % ring.length)] = bytes[i];
        }
    }

    synchronized void append(String text) {
        if (text != null) {
            append(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * At most {@code maxChars} of the end; when something was cut, from the first line start within the
     * kept text if there is one in its first half (a partial first line reads as garbage), else as cut.
     */
    synchronized String text() {
        int kept = (int) Math.min(written, ring.length);
        byte[] bytes = new byte[kept];
        int start = (int) ((written - kept) % ring.length);
        for (int i = 0; i < kept; i++) {
            bytes[i] = ring[(start + i) % ring.length];
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean cut = written > kept;
        if (text.length() > maxChars) {
            text = text.substring(text.length() - maxChars);
            cut = true;
        }
        if (cut) {
            int newline = text.indexOf('\n');
            if (newline >= 0 && newline < text.length() / 2) {
                text = text.substring(newline + 1);
            }
        }
        return text;
    }
}
