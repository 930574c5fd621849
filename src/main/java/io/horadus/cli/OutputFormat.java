package io.horadus.cli;

/** {@code -o}: how a reading command prints (table for people; yaml and json the objects kubectl -o would print). */
enum OutputFormat {
    table, yaml, json
}
