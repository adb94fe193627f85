package dev.kvsedge.server.secrets;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * One version of a secret as stored: its value only sealed ({@link SealedValues}), which never
 * changes, and the staging labels it carries now ({@code AWSCURRENT}, {@code AWSPREVIOUS}, or the
 * caller's). A version without labels is deprecated and may be pruned.
 *
 * @param sealedValue null only in listings, which do not read values
 * @param stages sorted
 */
public record SecretVersion(String versionId, Kind kind, byte[] sealedValue, Instant createdDate, Set<String> stages) {

    /** What the sealed bytes hold: a SecretString (UTF-8) or a SecretBinary. */
    public enum Kind {
        STRING, BINARY
    }

    public SecretVersion {
        stages = Collections.unmodifiableSortedSet(new TreeSet<>(stages));
    }

    public SecretVersion withStages(Set<String> newStages) {
        return new SecretVersion(versionId, kind, sealedValue, createdDate, new TreeSet<>(newStages));
    }
}
