package dev.kvsedge.server.auth;

import dev.kvsedge.model.sigv4.SigV4;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A request's signing time. {@code text} is the ISO-8601 basic form ("20150830T123600Z") that goes into the
 * string to sign: as sent in X-Amz-Date, or converted from an RFC 1123 Date header.
 */
record AmzDate(String text, Instant instant) {

    /** AWS allows this much difference between the signing time and its clock, either way. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    /** The YYYYMMDD part, which the credential scope must repeat. */
    String day() {
        return text.substring(0, 8);
    }

    /** Parses X-Amz-Date by hand: it is on every request, and a formatter costs several allocations. */
    static AmzDate parseBasic(String text) {
        if (text.length() != 16 || text.charAt(8) != 'T' || text.charAt(15) != 'Z'
                || !digits(text, 0, 8) || !digits(text, 9, 15)) {
            throw notBasic(text);
        }
        try {
            LocalDateTime time = LocalDateTime.of(number(text, 0, 4), number(text, 4, 6), number(text, 6, 8),
                    number(text, 9, 11), number(text, 11, 13), number(text, 13, 15));
            return new AmzDate(text, time.toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            throw notBasic(text);
        }
    }

    /** The Date header, which SigV4 accepts when X-Amz-Date is absent. */
    static AmzDate parseHttpDate(String text) {
        try {
            Instant instant = ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return new AmzDate(format(instant), instant);
        } catch (DateTimeException e) {
            throw AuthErrors.incomplete("Date must be in RFC 1123 format when X-Amz-Date is absent. Got '"
                    + text + "'.");
        }
    }

    /** Refuses a header-signed request signed more than 15 minutes before or after {@code now}. */
    void checkSkew(Instant now) {
        Instant earliest = now.minus(MAX_SKEW);
        if (instant.isBefore(earliest)) {
            throw AuthErrors.invalid("Signature expired: " + text + " is now earlier than " + format(earliest)
                    + " (" + format(now) + " - 15 min.)");
        }
        checkNotFuture(now);
    }

    /**
     * Refuses a presigned request past its X-Amz-Expires. AWS words only the header case; this keeps its
     * sentence and states the allowance in seconds, the unit X-Amz-Expires is given in.
     */
    void checkPresignedWindow(Instant now, long expiresSeconds) {
        Instant earliest = now.minusSeconds(expiresSeconds);
        if (instant.isBefore(earliest)) {
            throw AuthErrors.invalid("Signature expired: " + text + " is now earlier than " + format(earliest)
                    + " (" + format(now) + " - " + expiresSeconds + " sec.)");
        }
        checkNotFuture(now);
    }

    private void checkNotFuture(Instant now) {
        Instant latest = now.plus(MAX_SKEW);
        if (instant.isAfter(latest)) {
            throw AuthErrors.invalid("Signature not yet current: " + text + " is still later than " + format(latest)
                    + " (" + format(now) + " + 15 min.)");
        }
    }

    static String format(Instant instant) {
        return SigV4.formatDate(instant);
    }

    private static RuntimeException notBasic(String text) {
        return AuthErrors.incomplete("Date must be in ISO-8601 'basic format'. Got '" + text
                + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }
}
