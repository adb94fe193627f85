package dev.kvsedge.server.fragments;

import dev.kvsedge.model.Arns;

/**
 * Where a stream's fragments go in the blob store: {@code ACCOUNT/REGION/STREAM/CREATED/NUMBER.mkv}. The
 * stream's creation millis (the last part of its ARN) keep a re-created stream's media apart from the old one's.
 * Made once per upload, so the ARN is parsed once, not for every fragment.
 */
public final class FragmentKeys {
    private final String prefix;

    private FragmentKeys(String prefix) {
        this.prefix = prefix;
    }

    public static FragmentKeys of(String streamArn) {
        Arns.ResourceArn arn = Arns.parse(streamArn).orElseThrow(() -> new IllegalArgumentException("not an ARN: " + streamArn));
        return new FragmentKeys(arn.accountId() + "/" + arn.region() + "/" + arn.name() + "/" + arn.creationMillis() + "/");
    }

    public String key(long fragmentNumber) {
        return prefix + fragmentNumber + ".mkv";
    }
}
