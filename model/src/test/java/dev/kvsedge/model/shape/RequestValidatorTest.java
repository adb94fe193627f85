package dev.kvsedge.model.shape;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {
    private static final ServiceModel MODEL = ServiceModel.load("kinesisvideo");
    private final RequestValidator validator = new RequestValidator(MODEL);

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    private static String edgeConfig(String scheduleDuration) {
        return "{'StreamName':'s','EdgeConfig':{'HubDeviceArn':'arn:aws:iot:us-east-1:123456789012:thing/hub',"
                + "'RecorderConfig':{'MediaSourceConfig':{'MediaUriSecretArn':'arn:aws:secretsmanager:us-east-1:123456789012:secret:cam-AbCdEf',"
                + "'MediaUriType':'RTSP_URI'},'ScheduleConfig':{'ScheduleExpression':'0 0 9 ? * * *','DurationInSeconds':"
                + scheduleDuration + "}}}}";
    }

    @Test
    void aValidRequestPasses() {
        assertThatCode(() -> validator.validate(json(edgeConfig("3600")), "StartEdgeConfigurationUpdateInput"))
                .doesNotThrowAnyException();
    }

    @Test
    void aNestedRangeViolationNamesTheFullPathAsAwsDoes() {
        assertThatThrownBy(() -> validator.validate(json(edgeConfig("4000")), "StartEdgeConfigurationUpdateInput"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.errorCode()).isEqualTo(ErrorCode.VALIDATION);
                    org.assertj.core.api.Assertions.assertThat(e.getMessage())
                            .isEqualTo("1 validation error detected: Value '4000' at "
                                    + "'edgeConfig.recorderConfig.scheduleConfig.durationInSeconds' failed to satisfy constraint: "
                                    + "Member must have value less than or equal to 3600");
                });
    }

    @Test
    void aPatternIsMatchedAgainstTheWholeValue() {
        assertThatThrownBy(() -> validator.validate(json("{'StreamName':'ok name'}"), "CreateStreamInput"))
                .hasMessage(
                        "1 validation error detected: Value 'ok name' at 'streamName' failed to satisfy constraint: "
                                + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }

    @Test
    void everyFailedConstraintIsReportedAndCounted() {
        assertThatThrownBy(() -> validator.validate(json("{'StreamName':'','MediaType':'x'}"), "CreateStreamInput"))
                .hasMessage("3 validation errors detected: "
                        + "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1; "
                        + "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
                        + "Value 'x' at 'mediaType' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                        + "[\\w\\-\\.\\+]+/[\\w\\-\\.\\+]+(,[\\w\\-\\.\\+]+/[\\w\\-\\.\\+]+)*");
    }

    @Test
    void aMissingRequiredMemberIsNull() {
        assertThatThrownBy(() -> validator.validate(json("{}"), "CreateStreamInput"))
                .hasMessage(
                        "1 validation error detected: Value null at 'streamName' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void anEnumViolationListsTheAllowedValues() {
        assertThatThrownBy(() -> validator.validate(json("{'APIName':'PUT'}"), "GetDataEndpointInput"))
                .hasMessageContaining(
                        "Value 'PUT' at 'aPIName' failed to satisfy constraint: Member must satisfy enum value set: [PUT_MEDIA,");
    }

    @Test
    void aSensitiveValueIsLeftOutOfTheMessage() {
        String body = edgeConfig("60").replace("arn:aws:secretsmanager:us-east-1:123456789012:secret:cam-AbCdEf",
                "secret-value!");
        assertThatThrownBy(() -> validator.validate(json(body), "StartEdgeConfigurationUpdateInput"))
                .hasMessageContaining("Value at 'edgeConfig.recorderConfig.mediaSourceConfig.mediaUriSecretArn' failed")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage())
                        .doesNotContain("secret-value!"));
    }

    @Test
    void mapKeysAndSizesAreChecked() throws Exception {
        StringBuilder tags = new StringBuilder("{");
        for (int i = 0; i < 51; i++) {
            tags.append(i == 0 ? "" : ",").append("'k").append(i).append("':'v'");
        }
        tags.append('}');
        assertThatThrownBy(
                () -> validator.validate(json("{'StreamName':'s','Tags':" + tags + "}"), "CreateStreamInput"))
                .hasMessageContaining(
                        "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
        assertThatThrownBy(
                () -> validator.validate(json("{'StreamName':'s','Tags':{'bad#key':'v'}}"), "CreateStreamInput"))
                .hasMessageContaining(
                        "Value '{bad#key=v}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: "
                                + "[Member must satisfy regular expression pattern:");
    }

    @Test
    void listMembersAreNumberedFromOne() {
        assertThatThrownBy(() -> validator.validate(json("{'ResourceARN':'arn:aws:kinesisvideo:us-east-1:1:stream/s/1',"
                + "'Tags':[{'Key':'a','Value':'b'},{'Value':'c'}]}"), "TagResourceInput"))
                .hasMessage(
                        "1 validation error detected: Value null at 'tags.2.member.key' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void wrongJsonTypesAreSerializationErrors() {
        assertThatThrownBy(() -> validator.validate(json("{'StreamName':5}"), "CreateStreamInput"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.errorCode())
                                .isEqualTo(ErrorCode.SERIALIZATION))
                .hasMessage("NUMBER_VALUE cannot be converted to String");
        assertThatThrownBy(
                () -> validator.validate(json("{'StreamName':'s','DataRetentionInHours':'5'}"), "CreateStreamInput"))
                .hasMessage("STRING_VALUE can not be converted to an Integer");
        assertThatThrownBy(
                () -> validator.validate(json("{'StreamName':'s','DataRetentionInHours':1.5}"), "CreateStreamInput"))
                .hasMessage("NUMBER_VALUE can not be converted to an Integer");
        assertThatThrownBy(() -> validator.validate(json("{'StreamName':'s','DataRetentionInHours':99999999999}"),
                "CreateStreamInput"))
                .hasMessage("Numeric value out of range of an Integer");
        assertThatThrownBy(() -> validator.validate(json("{'StreamName':'s','Tags':['a']}"), "CreateStreamInput"))
                .hasMessage("Start of list found where not expected.");
        assertThatThrownBy(() -> validator.validate(json("[1]"), "CreateStreamInput"))
                .isInstanceOfSatisfying(ApiException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.errorCode()).isEqualTo(ErrorCode.SERIALIZATION));
    }

    @Test
    void aTimestampNoClientCouldReadBackIsRefused() {
        ServiceModel withExtensions = ServiceModel.load("kinesisvideo", "kvs-edge-extensions");
        RequestValidator extended = new RequestValidator(withExtensions);
        String report = "{'StreamARN':'arn:aws:kinesisvideo:us-east-1:1:stream/s/1','RecorderStatus':{'Status':'SUCCESS',"
                + "'LastCollectedTime':%s}}";
        assertThatCode(() -> extended.validate(json(report.formatted("1700000000.5")), "ReportEdgeAgentStatusInput"))
                .doesNotThrowAnyException();
        for (String bad : new String[] {"1700000000000", "253402300800", "-62135596801", "1e300", "'yesterday'"}) {
            assertThatThrownBy(() -> extended.validate(json(report.formatted(bad)), "ReportEdgeAgentStatusInput"))
                    .as(bad).isInstanceOfSatisfying(ApiException.class, e -> org.assertj.core.api.Assertions
                            .assertThat(e.errorCode()).isEqualTo(ErrorCode.SERIALIZATION));
        }
    }

    @Test
    void nullMembersAndUnknownMembersAreIgnored() {
        assertThatCode(() -> validator.validate(json("{'StreamName':'s','DeviceName':null,'Surprise':{'x':1}}"),
                "CreateStreamInput"))
                .doesNotThrowAnyException();
    }
}
