package dev.kvsedge.server;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.model.edge.EdgeShapes.EdgeConfigurationDescription;
import dev.kvsedge.model.secrets.SecretShapes.ReplicationResponse;
import dev.kvsedge.model.secrets.SecretShapes.SecretNamed;
import dev.kvsedge.model.shape.Operation;
import dev.kvsedge.model.shape.ServiceModel;
import dev.kvsedge.model.streams.StreamShapes.ListTagsResponse;
import dev.kvsedge.server.ShapePairing.Direction;
import dev.kvsedge.server.http.ApiService;
import dev.kvsedge.server.http.OperationHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation the server registers decodes its input into a record and encodes its output from one; validation
 * comes from the model, and the codec ignores members it does not know. So a member AWS adds would be validated and
 * then dropped without a word. This test pairs, for every registered operation of every service, each model member
 * of its input and output with a record component (and each component with a member), through nested structures,
 * lists and maps, types included. What kvs-edge leaves out on purpose is listed below, with why.
 *
 * <p>The output record of operation {@code X} is {@code XResponse} next to its input record, or the one
 * {@link #OUTPUT_RECORDS} names.
 */
class OperationRecordsMatchTheModelTest {

    /** Outputs whose record does not follow the naming rule. */
    private static final Map<String, Class<?>> OUTPUT_RECORDS = Map.of(
            "ListTagsForStream", ListTagsResponse.class,
            "ListTagsForResource", ListTagsResponse.class,
            "StartEdgeConfigurationUpdate", EdgeConfigurationDescription.class,
            "DescribeEdgeConfiguration", EdgeConfigurationDescription.class,
            "PutResourcePolicy", SecretNamed.class,
            "DeleteResourcePolicy", SecretNamed.class,
            "UpdateSecretVersionStage", SecretNamed.class,
            "ReplicateSecretToRegions", ReplicationResponse.class,
            "RemoveRegionsFromReplication", ReplicationResponse.class);

    /** Operations that never answer with their output, with why. */
    private static final Map<String, String> NEVER_ANSWERED = Map.of(
            "DescribeMediaStorageConfiguration",
            "kvs-edge has no signaling channels: always ResourceNotFoundException");

    /** Outputs that are a media payload (MediaOutput: the Content-Type header and the bytes), not a JSON record. */
    private static final Set<String> MEDIA_OUTPUTS = Set.of("GetMedia", "GetClip", "GetMediaForFragmentList");

    /** "Shape.Member" that has no record component (or component that has no member) on purpose, with why. */
    private static final Map<String, String> DELIBERATE = Map.ofEntries(
            // One record answers Start and Describe; Start leaves the agent's status null, so it is never written.
            entry("StartEdgeConfigurationUpdateOutput.EdgeAgentStatus",
                    "shared with DescribeEdgeConfiguration, null here"),
            // Secrets Manager: kvs-edge keeps camera URLs for its agents. It does not rotate secrets (RotateSecret
            // answers UnsupportedOperationException), so a secret never has rotation settings or dates to show.
            entry("DescribeSecretResponse.RotationEnabled", "no rotation"),
            entry("DescribeSecretResponse.RotationLambdaARN", "no rotation"),
            entry("DescribeSecretResponse.RotationRules", "no rotation"),
            entry("DescribeSecretResponse.LastRotatedDate", "no rotation"),
            entry("DescribeSecretResponse.NextRotationDate", "no rotation"),
            entry("DescribeSecretResponse.ExternalSecretRotationMetadata", "no rotation"),
            entry("DescribeSecretResponse.ExternalSecretRotationRoleArn", "no rotation"),
            entry("SecretListEntry.RotationEnabled", "no rotation"),
            entry("SecretListEntry.RotationLambdaARN", "no rotation"),
            entry("SecretListEntry.RotationRules", "no rotation"),
            entry("SecretListEntry.LastRotatedDate", "no rotation"),
            entry("SecretListEntry.NextRotationDate", "no rotation"),
            entry("SecretListEntry.ExternalSecretRotationMetadata", "no rotation"),
            entry("SecretListEntry.ExternalSecretRotationRoleArn", "no rotation"),
            // No other AWS service creates secrets here, so none is owned by one.
            entry("DescribeSecretResponse.OwningService", "no managing service"),
            entry("SecretListEntry.OwningService", "no managing service"),
            // Type names the partner that holds an external secret; kvs-edge holds every value itself. A Type
            // sent today is validated and then ignored: it should be refused (reported with this test).
            entry("CreateSecretRequest.Type", "no partner-held secrets"),
            entry("UpdateSecretRequest.Type", "no partner-held secrets"),
            entry("DescribeSecretResponse.Type", "no partner-held secrets"),
            entry("SecretListEntry.Type", "no partner-held secrets"));

    @TempDir
    Path dir;

    @Test
    void everyRegisteredOperationsRecordsPairWithItsModelMembers() throws Exception {
        List<String> mismatches = new ArrayList<>();
        Set<String> unused = new HashSet<>(DELIBERATE.keySet());
        int operations = 0;
        try (KvsEdgeServer server = KvsEdgeServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir),
                Clock.systemUTC())) {
            for (ApiService service : server.services()) {
                ShapePairing pairing = new ShapePairing(service.model(), DELIBERATE);
                for (Map.Entry<String, OperationHandler> entry : service.handlers().entrySet()) {
                    operations++;
                    pairOperation(service.model(), entry.getKey(), entry.getValue().input(), pairing, mismatches);
                }
                mismatches.addAll(pairing.mismatches());
                unused.retainAll(pairing.unusedExceptions(DELIBERATE.keySet()));
            }
        }
        assertThat(operations).as("operations registered").isGreaterThan(40);
        assertThat(mismatches).as("record components and model members that do not pair").isEmpty();
        assertThat(unused).as("exceptions no member needs any more").isEmpty();
    }

    private static void pairOperation(ServiceModel model, String name, Class<?> input, ShapePairing pairing,
            List<String> mismatches) {
        Optional<Operation> found = model.operationNamed(name);
        if (found.isEmpty()) {
            mismatches.add(name + " is registered but is no operation of " + model.endpointPrefix());
            return;
        }
        Operation operation = found.get();
        if (operation.input() != null) {
            pairing.pair(name + " input", input, operation.input(), Direction.READ);
        }
        if (operation.output() == null || MEDIA_OUTPUTS.contains(name) || NEVER_ANSWERED.containsKey(name)) {
            return;
        }
        Optional<Class<?>> output = outputRecord(name, input);
        if (output.isPresent()) {
            pairing.pair(name + " output", output.get(), operation.output(), Direction.WRITE);
        } else if (!model.shape(operation.output()).members().isEmpty()) {
            mismatches.add(name + " output: no " + name + "Response next to " + input.getName()
                    + " (nor in OUTPUT_RECORDS) for " + operation.output());
        }
    }

    private static Optional<Class<?>> outputRecord(String operation, Class<?> input) {
        if (OUTPUT_RECORDS.containsKey(operation)) {
            return Optional.of(OUTPUT_RECORDS.get(operation));
        }
        Class<?> holder = input.getDeclaringClass();
        return holder == null
                ? Optional.empty()
                : Arrays.stream(holder.getDeclaredClasses())
                        .filter(c -> c.getSimpleName().equals(operation + "Response")).findFirst()
                        .map(c -> (Class<?>) c);
    }
}
