package dev.kvsedge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small file system of its own (a tmpfs of a given size mounted on a temporary folder), to fill up in tests without
 * filling the machine's disk. Mounting needs root, as CI runs; elsewhere the test that needs one fails, saying why
 * (a skipped test would hide that the full-disk behaviour went unchecked).
 */
final class TmpfsDir implements AutoCloseable {
    final Path path;

    private TmpfsDir(Path path) {
        this.path = path;
    }

    static TmpfsDir mount(int mebibytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("kvs-edge-tmpfs");
        int exit = run("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs", dir.toString());
        if (exit != 0) {
            Files.deleteIfExists(dir);
            throw new IllegalStateException(
                    "this test needs a small tmpfs of its own, and `mount -t tmpfs` failed with exit"
                            + " code " + exit + ": run it as root (as CI does)");
        }
        return new TmpfsDir(dir);
    }

    /** Fills the file system to its last byte with a new file of that name, as another program would; returns it. */
    Path fillWithOtherData(String name) throws IOException {
        Path filler = path.resolve(name);
        byte[] block = new byte[64 * 1024];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // No space left on device: the disk is full
        }
        return filler;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", path.toString());
        Files.deleteIfExists(path);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
