package dev.kvsedge.model.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SigV4SigningKeysTest {

    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @Test
    void theSigningKeyOfAwsDocumentedExampleIsDerived() {
        // From the AWS General Reference's "Derive a signing key" example (IAM, 20120215, us-east-1).
        assertThat(HexFormat.of().formatHex(
                SigningKeys.derive(SECRET, "20120215", "us-east-1", "iam").getEncoded()))
                .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }

    @Test
    void derivedSigningKeysAreCachedWithinABound() {
        SigningKeys keys = new SigningKeys(4);
        var first = keys.get("secret", "20150830", "us-east-1", "service");

        assertThat(keys.get("secret", "20150830", "us-east-1", "service")).isSameAs(first);
        for (int i = 0; i < 10; i++) {
            keys.get("secret", "20150830", "region-" + i, "service");
        }
        assertThat(keys.size()).isLessThanOrEqualTo(4);
    }

    @Test
    void aCachedKeyIsTheDerivedOne() {
        SigningKeys keys = new SigningKeys(SigningKeys.DEFAULT_MAX_ENTRIES);

        assertThat(keys.get(SECRET, "20120215", "us-east-1", "iam").getEncoded())
                .isEqualTo(SigningKeys.derive(SECRET, "20120215", "us-east-1", "iam").getEncoded());
        assertThat(keys.get(SECRET + "x", "20120215", "us-east-1", "iam").getEncoded())
                .isNotEqualTo(SigningKeys.derive(SECRET, "20120215", "us-east-1", "iam").getEncoded());
    }

    @Test
    void theCacheDoesNotPrintItsSecrets() {
        SigningKeys keys = new SigningKeys(4);
        keys.get(SECRET, "20120215", "us-east-1", "iam");

        assertThat(keys.toString()).doesNotContain(SECRET).doesNotContain("K7MDENG");
    }

    @Test
    void aCacheNeedsRoomForOneKey() {
        assertThatThrownBy(() -> new SigningKeys(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
