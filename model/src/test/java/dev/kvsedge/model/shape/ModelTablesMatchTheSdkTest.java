package dev.kvsedge.model.shape;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingKnownType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.protocols.core.OperationInfo;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * The committed constraint tables against the official model as the AWS SDK for Java v2 was generated from it, with
 * nothing but a JDK: every operation's HTTP method and path, every member reachable from its input and output with
 * its wire name, type and location (body or header), list and map elements, and every enum's values. The SDK's
 * classes carry no length, range, pattern or required-ness: {@code tools/extract-model.py --check} compares those
 * with botocore in the interop suite (INVARIANTS.md says which check runs where).
 */
class ModelTablesMatchTheSdkTest {
    /** Output members the SDK turns into the response stream rather than a field: the media bytes. */
    private static final Set<String> STREAMED_PAYLOADS = Set.of(
            "GetMediaOutput.Payload", "GetClipOutput.Payload", "GetMediaForFragmentListOutput.Payload");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "kinesisvideo, kinesisvideo",
            "kinesis-video-archived-media, kinesisvideoarchivedmedia",
            "kinesis-video-media, kinesisvideomedia",
            "secretsmanager, secretsmanager"})
    void theTableDescribesTheOperationsAndShapesTheSdkWasGeneratedFrom(String table, String sdkPackage)
            throws Exception {
        JsonNode root = read(table);
        Comparison comparison = new Comparison(root.path("shapes"), "software.amazon.awssdk.services." + sdkPackage);
        for (Map.Entry<String, JsonNode> op : root.path("operations").properties()) {
            comparison.operation(op.getKey(), op.getValue());
        }
        Set<String> tableOperations = new TreeSet<>();
        root.path("operations").fieldNames().forEachRemaining(n -> tableOperations.add(n.toLowerCase(Locale.ROOT)));
        assertThat(comparison.sdkOperations()).as("the SDK's operations").isEqualTo(tableOperations);
        assertThat(comparison.differences).as("where " + table + ".json and the SDK's model differ").isEmpty();
    }

    private static JsonNode read(String table) throws IOException {
        try (InputStream in = ServiceModel.class.getResourceAsStream("/dev/kvsedge/model/" + table + ".json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** One service's comparison; each difference is one line. */
    private static final class Comparison {
        final JsonNode shapes;
        final String sdk;
        final List<String> differences = new ArrayList<>();
        final Set<String> compared = new HashSet<>();

        /** The SDK's classes by lower-case name: it spells GetDASHStreamingSessionURL as GetDashStreamingSessionUrl. */
        final Map<String, String> classes = new HashMap<>();

        Comparison(JsonNode shapes, String sdk) throws IOException {
            this.shapes = shapes;
            this.sdk = sdk;
            String folder = sdk.replace('.', '/') + "/";
            URL url = SdkPojo.class.getClassLoader().getResource(folder);
            try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
                jar.stream().map(JarEntry::getName).filter(n -> n.startsWith(folder) && n.endsWith(".class"))
                        .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                        .forEach(n -> classes.put(n.toLowerCase(Locale.ROOT), n));
            }
        }

        /** The operations the SDK can call, lower-case: one request marshaller each. */
        Set<String> sdkOperations() {
            String prefix = (sdk + ".transform.").toLowerCase(Locale.ROOT);
            Set<String> names = new TreeSet<>();
            classes.keySet().stream().filter(n -> n.startsWith(prefix) && n.endsWith("requestmarshaller"))
                    .map(n -> n.substring(prefix.length(), n.length() - "requestmarshaller".length()))
                    .filter(n -> !n.contains("$")).forEach(names::add);
            return names;
        }

        /** The SDK's class of that name, however it capitalises it. */
        Class<?> sdkClass(String name) throws ClassNotFoundException {
            String found = classes.get((sdk + "." + name).toLowerCase(Locale.ROOT));
            if (found == null) {
                throw new ClassNotFoundException(sdk + "." + name);
            }
            return Class.forName(found);
        }

        void operation(String name, JsonNode op) throws Exception {
            Class<?> marshaller;
            try {
                marshaller = sdkClass("transform." + name + "RequestMarshaller");
            } catch (ClassNotFoundException e) {
                differences.add(name + ": no such operation in the SDK");
                return;
            }
            Field binding = marshaller.getDeclaredField("SDK_OPERATION_BINDING");
            binding.setAccessible(true);
            OperationInfo info = (OperationInfo) binding.get(null);
            if (!info.httpMethod().name().equals(op.path("method").asText())
                    || !info.requestUri().equals(op.path("path").asText())) {
                differences.add(
                        name + ": " + op.path("method").asText() + " " + op.path("path").asText() + " in the table, "
                                + info.httpMethod() + " " + info.requestUri() + " in the SDK");
            }
            if (!op.path("input").isNull() && !op.path("input").isMissingNode()) {
                structure(name + " input", op.path("input").asText(), fields(sdkClass("model." + name + "Request")));
            }
            if (!op.path("output").isNull() && !op.path("output").isMissingNode()) {
                structure(name + " output", op.path("output").asText(), fields(sdkClass("model." + name + "Response")));
            }
        }

        private static List<SdkField<?>> fields(Class<?> pojoClass) throws Exception {
            Object builder = pojoClass.getMethod("builder").invoke(null);
            return ((SdkPojo) ((Buildable) builder).build()).sdkFields();
        }

        private void structure(String where, String shapeName, List<SdkField<?>> fields) {
            if (!compared.add(shapeName)) {
                return;
            }
            JsonNode members = shapes.path(shapeName).path("members");
            Set<String> sdkNames = new TreeSet<>();
            for (SdkField<?> field : fields) {
                sdkNames.add(field.memberName());
                JsonNode member = members.path(field.memberName());
                if (member.isMissingNode()) {
                    differences
                            .add(where + ": the SDK's " + shapeName + " has " + field.memberName() + ", the table not");
                } else {
                    member(where + "." + field.memberName(), member, field);
                }
            }
            members.properties().forEach(m -> {
                if (!sdkNames.contains(m.getKey()) && !STREAMED_PAYLOADS.contains(shapeName + "." + m.getKey())) {
                    differences.add(where + ": the table's " + shapeName + " has " + m.getKey() + ", the SDK not");
                }
            });
        }

        private void member(String where, JsonNode member, SdkField<?> field) {
            String location = member.path("location").asText("body");
            String sdkLocation = field.location() == MarshallLocation.HEADER
                    ? "header"
                    : field.location() == MarshallLocation.PAYLOAD ? "body" : field.location().name();
            if (!location.equals(sdkLocation)) {
                differences.add(where + ": in the " + location + " in the table, the " + sdkLocation + " in the SDK");
            } else if (location.equals("header")
                    && !member.path("locationName").asText().equalsIgnoreCase(field.locationName())) {
                differences.add(where + ": header " + member.path("locationName").asText() + " in the table, "
                        + field.locationName() + " in the SDK");
            }
            value(where, member.path("shape").asText(), field);
        }

        /** A value of the table's shape against the SDK field that holds it. */
        private void value(String where, String shapeName, SdkField<?> field) {
            JsonNode shape = shapes.path(shapeName);
            String type = shape.path("type").asText();
            MarshallingKnownType known = field.marshallingType().getKnownType();
            if (!sdkType(known).equals(type)) {
                differences.add(where + ": " + type + " (" + shapeName + ") in the table, " + known + " in the SDK");
                return;
            }
            switch (type) {
                case "structure" -> structure(where, shapeName, field.constructor().get().sdkFields());
                case "list" -> value(where + "[]", shape.path("member").path("shape").asText(),
                        field.getRequiredTrait(ListTrait.class).memberFieldInfo());
                case "map" -> value(where + "{}", shape.path("value").path("shape").asText(),
                        field.getRequiredTrait(MapTrait.class).valueFieldInfo());
                case "string" -> {
                    if (shape.has("enum")) {
                        enumValues(where, shapeName, shape.path("enum"));
                    }
                }
                default -> {
                }
            }
        }

        /** The SDK generates an enum class named after the shape; its known values are the model's. */
        private void enumValues(String where, String shapeName, JsonNode values) {
            if (!compared.add("enum " + shapeName)) {
                return;
            }
            Set<String> table = new TreeSet<>();
            values.forEach(v -> table.add(v.asText()));
            Set<String> sdkValues = new TreeSet<>();
            try {
                Set<?> known = (Set<?>) sdkClass("model." + shapeName).getMethod("knownValues").invoke(null);
                known.forEach(v -> sdkValues.add(v.toString()));
            } catch (ReflectiveOperationException e) {
                differences.add(where + ": no enum " + shapeName + " in the SDK");
                return;
            }
            if (!table.equals(sdkValues)) {
                differences
                        .add(where + ": " + shapeName + " is " + table + " in the table, " + sdkValues + " in the SDK");
            }
        }

        private static String sdkType(MarshallingKnownType known) {
            return switch (known) {
                case STRING -> "string";
                case INTEGER -> "integer";
                case LONG -> "long";
                case BOOLEAN -> "boolean";
                case INSTANT -> "timestamp";
                case SDK_BYTES -> "blob";
                case DOUBLE -> "double";
                case FLOAT -> "float";
                case LIST -> "list";
                case MAP -> "map";
                case SDK_POJO -> "structure";
                default -> known.name();
            };
        }
    }
}
