package dev.kvsedge.server.fragments;

import dev.kvsedge.model.Arns;

/**
 * Where a fragment's bytes go in the blob store: {@code ACCOUNT/REGION/STREAM/CREATED/NUMBER.mkv}. The
 * stream's creation millis (the last part of its ARN) keep a re-created stream's media apart from the old one's.
 */
public final class FragmentKeys {
    private FragmentKeys() {
    }

    public static String of(String streamArn, long fragmentNumber) {
        Arns.ResourceArn arn = Arns.parse(streamArn).orElseThrow(() -> new IllegalArgumentException("not an ARN: " + streamArn));
        return arn.accountId() + "/" + arn.region() + "/" + arn.name() + "/" + arn.creationMillis() + "/" + fragmentNumber
                + ".mkv";
    }
}
