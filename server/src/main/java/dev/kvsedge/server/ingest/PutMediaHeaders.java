package dev.kvsedge.server.ingest;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.streams.StreamShapes.StreamReference;
import dev.kvsedge.server.http.ApiRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * PutMedia's request headers, checked. The producer start timestamp comes in two forms: ISO-8601 (SDK for
 * Java v1) and epoch seconds with a fraction. The C producers print that fraction as a millisecond count
 * without zero padding (5 ms as {@code 1732012345.5}), so a fraction of one to three digits is read as
 * milliseconds; a longer one can only be a decimal fraction and is read as such.
 */
record PutMediaHeaders(String streamName, String streamARN, TimecodeMode mode) implements StreamReference {

    static PutMediaHeaders parse(ApiRequest request) {
        String name = request.header("x-amzn-stream-name");
        String arn = request.header("x-amzn-stream-arn");
        if ((name == null) == (arn == null)) {
            throw ApiException.invalidArgument(
                    "Specify either the x-amzn-stream-name or the x-amzn-stream-arn header, but not both.");
        }
        String type = request.header("x-amzn-fragment-timecode-type");
        if (!"ABSOLUTE".equals(type) && !"RELATIVE".equals(type)) {
            throw ApiException
                    .invalidArgument("The x-amzn-fragment-timecode-type header must be ABSOLUTE or RELATIVE.");
        }
        String start = request.header("x-amzn-producer-start-timestamp");
        Instant producerStart = start == null ? null : timestamp(start);
        if ("RELATIVE".equals(type) && producerStart == null) {
            throw ApiException
                    .invalidArgument("RELATIVE fragment timecodes need the x-amzn-producer-start-timestamp header.");
        }
        return new PutMediaHeaders(name, arn, new TimecodeMode("ABSOLUTE".equals(type), producerStart));
    }

    static Instant timestamp(String text) {
        String value = text.trim();
        try {
            if (value.matches("[0-9]{1,12}(\\.[0-9]{1,9})?")) {
                int dot = value.indexOf('.');
                if (dot < 0) {
                    return Instant.ofEpochSecond(Long.parseLong(value));
                }
                long seconds = Long.parseLong(value.substring(0, dot));
                String fraction = value.substring(dot + 1);
                long nanos = fraction.length() <= 3
                        ? Long.parseLong(fraction) * 1_000_000
                        : new BigDecimal("0." + fraction).movePointRight(9).longValue();
                return Instant.ofEpochSecond(seconds, nanos);
            }
            return Instant.parse(value);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ApiException
                    .invalidArgument("The x-amzn-producer-start-timestamp header is neither epoch seconds nor an"
                            + " ISO-8601 timestamp.");
        }
    }
}
