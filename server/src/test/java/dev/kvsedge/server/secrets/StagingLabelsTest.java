package dev.kvsedge.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StagingLabelsTest {

    static SecretVersion version(String id, String... stages) {
        return new SecretVersion(id, SecretVersion.Kind.STRING, new byte[] {1}, Instant.EPOCH, Set.of(stages));
    }

    static Map<String, Set<String>> labels(List<SecretVersion> versions) {
        return versions.stream().collect(Collectors.toMap(SecretVersion::versionId, SecretVersion::stages));
    }

    @Test
    void aNewCurrentVersionMakesTheOldCurrentPreviousAndDeprecatesTheOldPrevious() {
        List<SecretVersion> after = StagingLabels.add(
                List.of(version("v1", "AWSPREVIOUS"), version("v2", "AWSCURRENT", "blue")),
                version("v3", "AWSCURRENT"));
        assertThat(labels(after))
                .isEqualTo(Map.of("v1", Set.of(), "v2", Set.of("AWSPREVIOUS", "blue"), "v3", Set.of("AWSCURRENT")));
        assertThat(after).extracting(SecretVersion::versionId).containsExactly("v1", "v2", "v3");
    }

    @Test
    void otherLabelsMoveAloneAndLeaveCurrentWhereItIs() {
        List<SecretVersion> after = StagingLabels.add(List.of(version("v1", "AWSCURRENT"), version("v2", "AWSPENDING")),
                version("v3", "AWSPENDING", "green"));
        assertThat(labels(after))
                .isEqualTo(Map.of("v1", Set.of("AWSCURRENT"), "v2", Set.of(), "v3", Set.of("AWSPENDING", "green")));
    }

    @Test
    void givingBothCurrentAndPreviousToTheNewVersionLeavesTheOldCurrentUnlabeled() {
        List<SecretVersion> after = StagingLabels.add(List.of(version("v1", "AWSCURRENT")),
                version("v2", "AWSCURRENT", "AWSPREVIOUS"));
        assertThat(labels(after)).isEqualTo(Map.of("v1", Set.of(), "v2", Set.of("AWSCURRENT", "AWSPREVIOUS")));
    }

    @Test
    void beyondTheQuotaTheOldestDeprecatedVersionsArePrunedButNeverALabeledOne() {
        List<SecretVersion> versions = new ArrayList<>();
        versions.add(version("labeled", "keep"));
        for (int i = 0; i < StagingLabels.MAX_VERSIONS - 2; i++) {
            versions.add(version("old" + i));
        }
        versions.add(version("current", "AWSCURRENT"));
        List<SecretVersion> after = StagingLabels.add(versions, version("new", "AWSCURRENT"));
        assertThat(after).hasSize(StagingLabels.MAX_VERSIONS);
        Map<String, SecretVersion> byId = after.stream()
                .collect(Collectors.toMap(SecretVersion::versionId, Function.identity()));
        assertThat(byId).containsKeys("labeled", "current", "new", "old1").doesNotContainKey("old0");

        List<SecretVersion> allLabeled = new ArrayList<>();
        for (int i = 0; i < StagingLabels.MAX_VERSIONS; i++) {
            allLabeled.add(version("l" + i, "label" + i));
        }
        assertThat(StagingLabels.add(allLabeled, version("extra", "x"))).hasSize(StagingLabels.MAX_VERSIONS + 1);
    }
}
