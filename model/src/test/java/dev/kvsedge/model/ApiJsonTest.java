package dev.kvsedge.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.model.streams.StreamShapes.GetDataEndpointRequest;
import dev.kvsedge.model.streams.StreamShapes.StreamInfo;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiJsonTest {
    @Test
    void membersAreUpperCamelCaseTimestampsAreEpochSecondsAndNullsAreOmitted() throws Exception {
        StreamInfo info = new StreamInfo(null, "cam", "arn:aws:kinesisvideo:us-east-1:1:stream/cam/1588143003893", null,
                null,
                "v1", "ACTIVE", Instant.ofEpochMilli(1588143003893L), 24);
        assertThat(ApiJson.mapper().writeValueAsString(info)).isEqualTo("{\"StreamName\":\"cam\","
                + "\"StreamARN\":\"arn:aws:kinesisvideo:us-east-1:1:stream/cam/1588143003893\",\"Version\":\"v1\","
                + "\"Status\":\"ACTIVE\",\"CreationTime\":1588143003.893,\"DataRetentionInHours\":24}");
    }

    @Test
    void acronymMembersKeepTheirWireNames() throws Exception {
        GetDataEndpointRequest request = ApiJson.mapper().readValue(
                "{\"StreamARN\":\"a\",\"APIName\":\"PUT_MEDIA\",\"Other\":1}", GetDataEndpointRequest.class);
        assertThat(request).isEqualTo(new GetDataEndpointRequest(null, "a", "PUT_MEDIA"));
    }
}
