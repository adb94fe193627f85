package dev.kvsedge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageTokensTest {
    @Test
    void aTokenResumesTheListingItWasIssuedFor() {
        String token = PageTokens.encode("ListStreams", "cam_b");
        assertThat(token).matches("[a-zA-Z0-9+/=]+");
        assertThat(PageTokens.decode("ListStreams", token)).isEqualTo("cam_b");
        assertThat(PageTokens.decode("ListStreams", "")).isNull();
        assertThat(PageTokens.decode("ListStreams", null)).isNull();
    }

    @Test
    void aTokenOfAnotherListingOrNotIssuedHereIsAnInvalidArgument() {
        String token = PageTokens.encode("ListEdgeAgentConfigurations hub-a", "s");
        for (String[] wrong : new String[][] {{"ListStreams", token}, {"ListEdgeAgentConfigurations hub-b", token},
                {"ListStreams", "abc"}, {"ListStreams", "!!"}}) {
            assertThatThrownBy(() -> PageTokens.decode(wrong[0], wrong[1]))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }
}
