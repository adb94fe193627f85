package dev.kvsedge.server.notifications;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An SNS topic ARN, {@code arn:PARTITION:sns:REGION:ACCOUNT:NAME}: where a notification goes and which region signs it. */
record TopicArn(String arn, String region, String accountId, String name) {
    private static final Pattern ARN = Pattern
            .compile("arn:[a-z-]+:sns:([a-z0-9-]+):([0-9]{12}):([A-Za-z0-9_-]{1,256})");

    static Optional<TopicArn> parse(String text) {
        Matcher m = ARN.matcher(text == null ? "" : text);
        return m.matches() ? Optional.of(new TopicArn(text, m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }
}
