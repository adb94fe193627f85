package dev.kvsedge.server.http;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} response header, formatted once a second. AWS sends it on every response, and the
 * SDKs read it to correct a client clock that is off (a hub device's, say) before re-signing.
 */
final class HttpDate {
    private final Clock clock;
    private volatile long second = Long.MIN_VALUE;
    private volatile String formatted;

    HttpDate(Clock clock) {
        this.clock = clock;
    }

    String now() {
        long millis = clock.millis();
        long current = Math.floorDiv(millis, 1000);
        String cached = formatted;
        if (current != second || cached == null) {
            cached = DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(java.time.Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC));
            formatted = cached;
            second = current;
        }
        return cached;
    }
}
