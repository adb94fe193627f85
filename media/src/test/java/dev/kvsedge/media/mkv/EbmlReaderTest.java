package dev.kvsedge.media.mkv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class EbmlReaderTest {

    private static EbmlReader reader(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new EbmlReader(new ByteArrayInputStream(b));
    }

    @Test
    void idsKeepTheirMarkerAndSizesDropIt() throws IOException {
        EbmlReader r = reader(0x1A, 0x45, 0xDF, 0xA3, 0x42, 0x86, 0xEC, 0x10, 0x00, 0x00, 0x05);
        EbmlReader.Element e = r.readHeader();
        assertThat(e.id()).isEqualTo(MkvIds.EBML);
        assertThat(e.size()).isEqualTo(0x286);
        assertThat(e.header()).containsExactly(0x1A, 0x45, 0xDF, 0xA3, 0x42, 0x86);
        assertThat(e.dataOffset()).isEqualTo(6);
        EbmlReader.Element v = r.readHeader();
        assertThat(v.id()).isEqualTo(MkvIds.VOID);
        assertThat(v.size()).isEqualTo(5); // a non-minimal 4-byte size
        assertThat(v.header()).hasSize(5);
        assertThat(r.position()).isEqualTo(11);
        assertThat(r.readHeader()).isNull(); // clean end
    }

    @Test
    void allOnesSizesAreUnknown() throws IOException {
        assertThat(reader(0x1F, 0x43, 0xB6, 0x75, 0xFF).readHeader().unknownSize()).isTrue();
        assertThat(reader(0x1F, 0x43, 0xB6, 0x75, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF).readHeader()
                .unknownSize()).isTrue();
        assertThat(reader(0x1F, 0x43, 0xB6, 0x75, 0x7F, 0xFF).readHeader().unknownSize()).isTrue();
        assertThat(reader(0x1F, 0x43, 0xB6, 0x75, 0x7F, 0xFE).readHeader().size()).isEqualTo(0x3FFE);
        assertThat(reader(0x1F, 0x43, 0xB6, 0x75, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE).readHeader().size())
                .isEqualTo((1L << 56) - 2);
    }

    @Test
    void values() throws IOException {
        EbmlReader r = reader(0xD7, 0x83, 0x01, 0x00, 0x02, 0xB5, 0x84, 0x47, 0x3B, 0x80, 0x00,
                0xB5, 0x88, 0x40, 0xE7, 0x70, 0x00, 0x00, 0x00, 0x00, 0x00, 0x86, 0x84, 'A', '_', 'X', 0);
        assertThat(r.readUnsigned(r.readHeader())).isEqualTo(0x010002);
        assertThat(r.readFloat(r.readHeader())).isEqualTo(48000.0);
        assertThat(r.readFloat(r.readHeader())).isEqualTo(48000.0);
        assertThat(r.readString(r.readHeader(), 10)).isEqualTo("A_X");
    }

    @Test
    void malformedHeadersAndValues() {
        assertInvalid(reader(0x00, 0x81), "invalid element ID", false);
        assertInvalid(reader(0x0F, 0xFF, 0xFF, 0xFF, 0x81), "invalid element ID", false);
        assertInvalid(reader(0xFF, 0x81), "reserved element ID", false);
        assertInvalid(reader(0xEC, 0x00), "invalid element size", false);
        assertInvalid(reader(0x1A, 0x45), "stream ends inside", true);
        assertInvalid(reader(0xEC), "stream ends inside", true);
        assertInvalid(reader(0xEC, 0x40), "stream ends inside", true);
        assertThatThrownBy(() -> {
            EbmlReader r = reader(0xD7, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            r.readUnsigned(r.readHeader());
        }).isInstanceOf(MkvFormatException.class).hasMessageContaining("integer of 9 bytes");
        assertThatThrownBy(() -> {
            EbmlReader r = reader(0xD7, 0x88, 0x80, 0, 0, 0, 0, 0, 0, 0);
            r.readUnsigned(r.readHeader());
        }).isInstanceOf(MkvFormatException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> {
            EbmlReader r = reader(0xB5, 0x83, 1, 2, 3);
            r.readFloat(r.readHeader());
        }).isInstanceOf(MkvFormatException.class).hasMessageContaining("float of 3 bytes");
        assertThatThrownBy(() -> {
            EbmlReader r = reader(0xA3, 0x85, 1, 2);
            r.readPayload(r.readHeader(), 100);
        }).isInstanceOf(MkvFormatException.class).matches(e -> ((MkvFormatException) e).truncated());
    }

    @Test
    void errorsNameTheirOffset() {
        EbmlReader r = new EbmlReader(new ByteArrayInputStream(new byte[] {(byte) 0xEC, 0x00}), 1000);
        assertThatThrownBy(r::readHeader).isInstanceOf(MkvFormatException.class)
                .hasMessageStartingWith("invalid MKV at byte 1001:")
                .satisfies(e -> assertThat(((MkvFormatException) e).offset()).isEqualTo(1001));
    }

    @Test
    void childrenMustFitTheirParent() throws IOException {
        EbmlReader r = reader(0xAE, 0x83, 0xD7, 0x85, 0x01);
        EbmlReader.Element entry = r.readHeader();
        assertThatThrownBy(() -> r.readChild(entry.end())).isInstanceOf(MkvFormatException.class)
                .hasMessageContaining("overruns its parent");
    }

    @Test
    void skipCountsBytes() throws IOException {
        EbmlReader r = reader(0xEC, 0x83, 0, 0, 0, 0xEC, 0x80);
        r.skip(r.readHeader().size());
        assertThat(r.position()).isEqualTo(5);
        assertThat(r.readHeader().size()).isZero();
        assertThatThrownBy(() -> r.skip(1)).isInstanceOf(MkvFormatException.class)
                .matches(e -> ((MkvFormatException) e).truncated());
    }

    private static void assertInvalid(EbmlReader r, String message, boolean truncated) {
        assertThatThrownBy(r::readHeader).isInstanceOf(MkvFormatException.class).hasMessageContaining(message)
                .matches(e -> ((MkvFormatException) e).truncated() == truncated);
    }
}
