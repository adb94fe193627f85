package dev.kvsedge.server.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How staging labels move when a version is added, as in Secrets Manager: each label of the new
 * version leaves the version that had it; when {@code AWSCURRENT} moves, the version that had it
 * becomes {@code AWSPREVIOUS}. Versions left without labels are deprecated, and the oldest of them
 * are pruned beyond {@link #MAX_VERSIONS}.
 */
final class StagingLabels {
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    /** AWS's quota of versions per secret. */
    static final int MAX_VERSIONS = 100;

    private StagingLabels() {}

    /** {@code versions} (oldest first) with {@code added} appended, labels moved and deprecated versions pruned. */
    static List<SecretVersion> add(List<SecretVersion> versions, SecretVersion added) {
        Set<String> moving = added.stages();
        String oldCurrent = null;
        if (moving.contains(CURRENT) && !moving.contains(PREVIOUS)) {
            oldCurrent = versions.stream().filter(v -> v.stages().contains(CURRENT)).map(SecretVersion::versionId)
                    .findFirst().orElse(null);
        }
        List<SecretVersion> out = new ArrayList<>(versions.size() + 1);
        for (SecretVersion version : versions) {
            Set<String> stages = new TreeSet<>(version.stages());
            stages.removeAll(moving);
            if (oldCurrent != null) {
                stages.remove(PREVIOUS);
                if (version.versionId().equals(oldCurrent)) {
                    stages.add(PREVIOUS);
                }
            }
            out.add(stages.equals(version.stages()) ? version : version.withStages(stages));
        }
        out.add(added);
        while (out.size() > MAX_VERSIONS) {
            int oldestDeprecated = indexOfFirstUnlabeled(out);
            if (oldestDeprecated < 0) {
                break;
            }
            out.remove(oldestDeprecated);
        }
        return out;
    }

    private static int indexOfFirstUnlabeled(List<SecretVersion> versions) {
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).stages().isEmpty()) {
                return i;
            }
        }
        return -1;
    }
}
