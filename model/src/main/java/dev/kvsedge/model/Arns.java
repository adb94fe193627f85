package dev.kvsedge.model;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds and reads kinesisvideo resource ARNs: {@code arn:aws:kinesisvideo:REGION:ACCOUNT:stream/NAME/CREATION_MILLIS}. */
public final class Arns {
    private static final Pattern RESOURCE = Pattern.compile(
            "arn:([a-z\\d-]+):kinesisvideo:([a-z0-9-]+):([0-9]+):([a-z]+)/([a-zA-Z0-9_.-]+)/([0-9]+)");

    private Arns() {
    }

    /** The parts of a kinesisvideo resource ARN; {@code type} is {@code stream} or {@code channel}. */
    public record ResourceArn(String partition, String region, String accountId, String type, String name, String creationMillis) {
    }

    public static String stream(String region, String accountId, String name, Instant creationTime) {
        return "arn:aws:kinesisvideo:" + region + ":" + accountId + ":stream/" + name + "/" + creationTime.toEpochMilli();
    }

    public static Optional<ResourceArn> parse(String arn) {
        Matcher m = RESOURCE.matcher(arn);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ResourceArn(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)));
    }
}
