package dev.kvsedge.model;

import dev.kvsedge.model.shape.ServiceModel;
import dev.kvsedge.model.shape.Shape;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Builds and reads kinesisvideo resource ARNs: {@code arn:aws:kinesisvideo:REGION:ACCOUNT:stream/NAME/CREATION_MILLIS}. */
public final class Arns {
    private static final Pattern RESOURCE = Pattern.compile(
            "arn:([a-z\\d-]+):kinesisvideo:([a-z0-9-]+):([0-9]+):([a-z]+)/([a-zA-Z0-9_.-]+)/([0-9]+)");

    private Arns() {}

    /** The parts of a kinesisvideo resource ARN; {@code type} is {@code stream} or {@code channel}. */
    public record ResourceArn(String partition, String region, String accountId, String type, String name,
            String creationMillis) {}

    public static String stream(String region, String accountId, String name, Instant creationTime) {
        return "arn:aws:kinesisvideo:" + region + ":" + accountId + ":stream/" + name + "/"
                + creationTime.toEpochMilli();
    }

    /**
     * Whether {@code arn} names a hub device as {@code StartEdgeConfigurationUpdate} accepts it: an IoT thing ARN
     * matching the model's {@code HubDeviceArn} pattern and length ({@code arn:aws:iot:REGION:ACCOUNT:thing/NAME}).
     */
    public static boolean isHubDeviceArn(@Nullable String arn) {
        return arn != null && arn.length() >= HubDeviceArnShape.MIN && arn.length() <= HubDeviceArnShape.MAX
                && HubDeviceArnShape.PATTERN.matcher(arn).matches();
    }

    /** Read from the constraint table on first use only: the server never needs it here. */
    private static final class HubDeviceArnShape {
        static final Shape SHAPE = ServiceModel.load("kinesisvideo").shape("HubDeviceArn");
        static final long MIN = Objects.requireNonNull(SHAPE.min(), "the min of HubDeviceArn");
        static final long MAX = Objects.requireNonNull(SHAPE.max(), "the max of HubDeviceArn");
        static final Pattern PATTERN = Objects.requireNonNull(SHAPE.pattern(), "the pattern of HubDeviceArn");
    }

    public static Optional<ResourceArn> parse(String arn) {
        Matcher m = RESOURCE.matcher(arn);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ResourceArn(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)));
    }
}
