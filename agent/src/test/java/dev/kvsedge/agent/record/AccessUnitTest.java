package dev.kvsedge.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.media.h264.NalUnits;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessUnitTest {
    private static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, 0x11};
    private static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
    private static final byte[] IDR = {0x65, (byte) 0x88, 0x00, 0x00, 0x03, 0x01, 0x02}; // emulation-prevented zeros
    private static final byte[] SLICE = {0x41, (byte) 0x9A, 0x02};

    @TempDir
    Path dir;

    @Test
    void annexBWithBothStartCodeLengthsAndTrailingZerosBecomesAvcc() throws IOException {
        byte[] annexB = concat(new byte[] {0, 0, 0, 1}, SPS, new byte[] {0, 0, 1}, PPS, new byte[] {0, 0, 0, 0, 1}, IDR,
                new byte[] {0, 0});
        AccessUnit unit = load(annexB, 0);
        assertThat(unit.nalCount()).isEqualTo(3);
        assertThat(unit.hasIdrSlice()).isTrue();
        assertThat(unit.nal(0)).isEqualTo(SPS);
        assertThat(unit.nal(2)).isEqualTo(IDR);
        assertThat(written(unit)).isEqualTo(NalUnits.toAvcc(List.of(SPS, PPS, IDR)));
    }

    @Test
    void lengthPrefixedUnitsAreKeptAsTheyAre() throws IOException {
        byte[] avcc = NalUnits.toAvcc(List.of(SLICE, IDR));
        AccessUnit unit = load(avcc, 4);
        assertThat(unit.nalCount()).isEqualTo(2);
        assertThat(written(unit)).isEqualTo(avcc);
        // Two-byte lengths are rewritten as four-byte ones.
        byte[] short2 = concat(new byte[] {0, 3}, SLICE, new byte[] {0, 7}, IDR);
        assertThat(written(load(short2, 2))).isEqualTo(avcc);
    }

    @Test
    void aLengthRunningPastTheEndIsRefused() {
        AccessUnit unit = new AccessUnit();
        byte[] bad = {0, 0, 0, 9, 0x41, 1};
        try (BytePointer p = new BytePointer(bad)) {
            assertThat(unit.load(p, bad.length, 4)).isFalse();
        }
    }

    @Test
    void randomAnnexBStreamsSplitAsTheMediaModuleSplitsThem() {
        Random random = new Random(7);
        AccessUnit unit = new AccessUnit();
        for (int round = 0; round < 500; round++) {
            byte[] stream = new byte[random.nextInt(2000) + 3];
            for (int i = 0; i < stream.length; i++) {
                int r = random.nextInt(10);
                stream[i] = (byte) (r < 4 ? 0 : r < 6 ? 1 : random.nextInt(256));
            }
            try (BytePointer p = new BytePointer(stream)) {
                unit.load(p, stream.length, 0);
            }
            List<byte[]> expected = NalUnits.splitAnnexB(stream);
            assertThat(unit.nalCount()).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(unit.nal(i)).isEqualTo(expected.get(i));
            }
        }
    }

    private static AccessUnit load(byte[] data, int lengthSize) {
        AccessUnit unit = new AccessUnit();
        try (BytePointer p = new BytePointer(data)) {
            assertThat(unit.load(p, data.length, lengthSize)).isTrue();
        }
        return unit;
    }

    private byte[] written(AccessUnit unit) throws IOException {
        Path file = Files.createTempFile(dir, "avcc", ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ChannelOutput out = new ChannelOutput(channel, 5, bytes -> 0); // tiny buffer: units cross flushes
            unit.writeAvcc(out);
            assertThat(out.position()).isEqualTo(unit.avccLength());
            out.flush();
        }
        return Files.readAllBytes(file);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
