package dev.kvsedge.server.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data disk's reserve on a disk of 64 MiB whose media the test sets (the reserve is a real file in a temporary
 * folder, and what it takes counts against the free space as on a real disk): a 4 MiB reserve, released when less
 * than 1 MiB is free, written back once 8 MiB are.
 */
class DataDiskTest {
    private static final long MIB = 1 << 20;
    private static final long TOTAL = 64 * MIB;

    @TempDir
    Path dir;
    /** Bytes taken by everything but the reserve. */
    private long used;

    @BeforeEach
    void nothingStoredYet() {
        used = 0;
    }

    private DataDisk open() {
        DataDisk disk = new DataDisk(dir, () -> TOTAL - used - reserveSize(), TOTAL, Clock.systemUTC());
        disk.check();
        return disk;
    }

    private long reserveSize() {
        try {
            return Files.exists(reserve()) ? Files.size(reserve()) : 0;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path reserve() {
        return dir.resolve(DataDisk.RESERVE_FILE);
    }

    /** Leaves {@code free} bytes free (beside the reserve, if one is held). */
    private void fillUntil(long free) {
        used = TOTAL - reserveSize() - free;
    }

    @Test
    void aDiskWithRoomHoldsAReserveOfASixteenthAndTakesMedia() {
        DataDisk disk = open();
        assertThat(disk.reserveBytes()).isEqualTo(4 * MIB);
        assertThat(reserveSize()).isEqualTo(4 * MIB);
        assertThat(disk.hasRoomForMedia()).isTrue();
        assertThat(disk.admitFragment()).isTrue();
    }

    @Test
    void aFullDiskGivesItsReserveToDeletesAndRefusesMediaUntilTwoReservesAreFreeAgain() {
        DataDisk disk = open();
        fillUntil(MIB + MIB / 2);
        assertThat(disk.admitFragment()).as("1.5 MiB free: still room").isTrue();
        fillUntil(MIB - 1);
        assertThat(disk.admitFragment()).as("less than a quarter of a reserve free").isFalse();
        assertThat(reserveSize()).as("the reserve, given back to the disk at once").isZero();
        assertThat(disk.hasRoomForMedia()).as("5 MiB free now, but no reserve held").isFalse();

        fillUntil(8 * MIB - 1); // deletes freed 3 MiB: not yet room for the reserve and as much again
        disk.check();
        assertThat(reserveSize()).isZero();
        assertThat(disk.admitFragment()).isFalse();

        fillUntil(8 * MIB);
        disk.check();
        assertThat(reserveSize()).as("the reserve, written back").isEqualTo(4 * MIB);
        assertThat(disk.admitFragment()).isTrue();
    }

    @Test
    void aFailedWriteOnAFullDiskReleasesTheReserveAndIsExplainedByIt() {
        DataDisk disk = open();
        fillUntil(0);
        assertThat(disk.explainsFailure()).isTrue();
        assertThat(reserveSize()).isZero();
        fillUntil(30 * MIB);
        disk.check();
        assertThat(disk.explainsFailure()).as("a failure with room to spare is not the disk's").isFalse();
    }

    @Test
    void aRestartOnAFullDiskStaysFullWithoutAReserveAndReleasesOneStillHeld() {
        open();
        fillUntil(MIB / 2);
        DataDisk restarted = open();
        assertThat(reserveSize()).as("released before the database opens").isZero();
        assertThat(restarted.hasRoomForMedia()).isFalse();

        DataDisk again = open();
        assertThat(again.hasRoomForMedia()).as("4.5 MiB free and no reserve: still full after another restart")
                .isFalse();
    }

    @Test
    void aReserveCutShortByACrashIsWrittenAgainWhole() throws IOException {
        Files.write(reserve(), new byte[1234]);
        open();
        assertThat(reserveSize()).isEqualTo(4 * MIB);
    }

    @Test
    void startingOnARealDiskWritesNoReserveUntilTheFirstCheck() throws IOException {
        DataDisk disk = DataDisk.open(dir, Clock.systemUTC());
        assertThat(reserve()).as("start-up does not wait for the reserve").doesNotExist();
        assertThat(disk.hasRoomForMedia()).isTrue();
        disk.check();
        assertThat(reserveSize()).isEqualTo(disk.reserveBytes()).isLessThanOrEqualTo(DataDisk.MAX_RESERVE_MIB * MIB);
    }
}
