package dev.kvsedge.app.logging;

/** How log lines look: {@code text} for people, {@code json} (one object per line) for log collectors. */
public enum LogFormat {
    TEXT,
    JSON
}
