package dev.kvsedge.media.mkv;

import static dev.kvsedge.media.mkv.MkvTestData.concat;
import static dev.kvsedge.media.mkv.MkvWriter.element;
import static dev.kvsedge.media.mkv.MkvWriter.uint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lacing is built here byte by byte, as the Matroska specification lays it out. */
class BlocksTest {
    private static final long SCALE = 1_000_000;
    private static final Track AAC = new Track(2, Track.AUDIO, Track.AAC, new byte[] {0x12, 0x10}, 21_333_333, 0, 0,
            48000, 2);
    private static final Track AAC_NO_DURATION = new Track(2, Track.AUDIO, Track.AAC, new byte[0], 0, 0, 0, 48000, 2);

    /** Frame {@code i} of {@code size} bytes, each byte telling the frame apart. */
    private static byte[] data(int i, int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) (i + 1));
        return b;
    }

    /** A SimpleBlock of track 2 at relative timecode 5, key, with the given lacing bits and lace header. */
    private static byte[] laced(int lacingBits, byte[] laceHeader, byte[]... frames) {
        byte[] head = {(byte) 0x82, 0, 5, (byte) (0x80 | lacingBits << 1)};
        return element(MkvIds.SIMPLE_BLOCK, head, laceHeader, concat(frames));
    }

    private static void assertFrames(List<Frame> frames, int... sizes) {
        assertThat(frames).hasSize(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            assertThat(frames.get(i).data()).isEqualTo(data(i, sizes[i]));
            assertThat(frames.get(i).track()).isEqualTo(2);
            assertThat(frames.get(i).keyFrame()).isTrue();
        }
    }

    @Test
    void noLacing() {
        byte[] block = MkvWriter.simpleBlock(2, -3, false, data(0, 10));
        List<Frame> frames = Blocks.frames(AAC, block, 100, SCALE);
        assertThat(frames).singleElement().satisfies(f -> {
            assertThat(f.ptsNanos()).isEqualTo(97_000_000);
            assertThat(f.durationNanos()).isEqualTo(21_333_333);
            assertThat(f.keyFrame()).isFalse();
            assertThat(f.data()).isEqualTo(data(0, 10));
        });
    }

    @Test
    void xiphLacing() {
        // 3 frames: sizes 300 (255 + 45), 10, and the rest (5)
        byte[] block = laced(1, new byte[] {2, (byte) 255, 45, 10}, data(0, 300), data(1, 10), data(2, 5));
        List<Frame> frames = Blocks.frames(AAC, block, 100, SCALE);
        assertFrames(frames, 300, 10, 5);
        assertThat(frames).extracting(Frame::ptsNanos).containsExactly(105_000_000L, 126_333_333L, 147_666_666L);
    }

    @Test
    void xiphLacingOfExactly255Bytes() {
        byte[] block = laced(1, new byte[] {1, (byte) 255, 0}, data(0, 255), data(1, 1));
        assertFrames(Blocks.frames(AAC, block, 0, SCALE), 255, 1);
    }

    @Test
    void fixedSizeLacing() {
        byte[] block = laced(2, new byte[] {3}, data(0, 7), data(1, 7), data(2, 7), data(3, 7));
        assertFrames(Blocks.frames(AAC, block, 0, SCALE), 7, 7, 7, 7);
    }

    @Test
    void ebmlLacing() {
        // 4 frames: 500 (VINT 0x41F4), 400 (difference -100: signed 2-byte VINT 0x5F9B), 450 (+50: 0xF1), rest 3
        byte[] header = {3, 0x41, (byte) 0xF4, 0x5F, (byte) 0x9B, (byte) 0xF1};
        byte[] block = laced(3, header, data(0, 500), data(1, 400), data(2, 450), data(3, 3));
        assertFrames(Blocks.frames(AAC, block, 0, SCALE), 500, 400, 450, 3);
    }

    @Test
    void lacedFramesWithoutDefaultDurationShareTheBlockDuration() {
        byte[] inner = element(MkvIds.BLOCK, new byte[] {(byte) 0x82, 0, 0, 0x04, 1}, data(0, 4), data(1, 4));
        byte[] group = element(MkvIds.BLOCK_GROUP, inner, uint(MkvIds.BLOCK_DURATION, 40));
        List<Frame> frames = Blocks.frames(AAC_NO_DURATION, group, 10, SCALE);
        assertThat(frames).extracting(Frame::ptsNanos).containsExactly(10_000_000L, 30_000_000L);
        assertThat(frames).extracting(Frame::durationNanos).containsOnly(20_000_000L);
        assertThat(frames).extracting(Frame::keyFrame).containsOnly(true);
    }

    @Test
    void blockGroupWithReferenceIsNotKeyAndItsDurationWins() {
        byte[] inner = element(MkvIds.BLOCK, new byte[] {(byte) 0x82, 0, 1, 0}, data(0, 6));
        byte[] group = element(MkvIds.BLOCK_GROUP, inner, uint(MkvIds.BLOCK_DURATION, 7),
                element(MkvIds.REFERENCE_BLOCK, new byte[] {(byte) 0xFF}));
        Frame frame = Blocks.frames(AAC, group, 0, SCALE).get(0);
        assertThat(frame.keyFrame()).isFalse();
        assertThat(frame.durationNanos()).isEqualTo(7_000_000);
        assertThat(frame.ptsNanos()).isEqualTo(1_000_000);
    }

    @Test
    void badLacingIsAFormatError() {
        // Xiph sizes larger than the block
        assertInvalid(laced(1, new byte[] {1, (byte) 255, (byte) 255, 10}, data(0, 20)));
        // fixed lacing that does not divide evenly
        assertInvalid(laced(2, new byte[] {2}, data(0, 10)));
        // EBML lacing whose difference makes a size negative
        assertInvalid(laced(3, new byte[] {2, (byte) 0x81, (byte) 0x80}, data(0, 10)));
        // EBML lacing with a huge first size
        assertInvalid(laced(3,
                new byte[] {1, 0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0},
                data(0, 10)));
        // lace count but no sizes
        assertInvalid(laced(1, new byte[] {3}));
        // header cut short
        assertInvalid(element(MkvIds.SIMPLE_BLOCK, new byte[] {(byte) 0x82, 0}));
        // track number 0
        assertInvalid(element(MkvIds.SIMPLE_BLOCK, new byte[] {(byte) 0x80, 0, 0, 0}));
        // BlockGroup without a Block
        assertInvalid(element(MkvIds.BLOCK_GROUP, uint(MkvIds.BLOCK_DURATION, 1)));
        // not a block at all, and trailing bytes after the element
        assertInvalid(uint(MkvIds.TIMECODE, 1));
        assertInvalid(concat(MkvWriter.simpleBlock(2, 0, true, data(0, 1)), new byte[] {0}));
        // a block of another track
        assertInvalid(MkvWriter.simpleBlock(3, 0, true, data(0, 1)));
    }

    @Test
    void timestampOverflowIsAFormatError() {
        assertThatThrownBy(
                () -> Blocks.frames(AAC, MkvWriter.simpleBlock(2, 0, true, data(0, 1)), Long.MAX_VALUE / 2, SCALE))
                .isInstanceOf(MkvFormatException.class);
    }

    private static void assertInvalid(byte[] block) {
        assertThatThrownBy(() -> Blocks.frames(AAC, block, 0, SCALE)).isInstanceOf(MkvFormatException.class);
    }
}
