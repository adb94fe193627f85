package dev.kvsedge.server.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest extends BlobStoreContractTest {

    @TempDir
    Path root;

    private FileBlobStore store;

    @BeforeEach
    void openStore() throws IOException {
        store = new FileBlobStore(root);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    protected BlobStore store() {
        return store;
    }

    @Override
    protected void assertNoUploadLeftovers() throws IOException {
        assertThat(partFiles()).isEmpty();
    }

    @Test
    void aBlobIsAFileUnderItsKey() throws IOException {
        write("s/1/fragment", bytes(1234, 1));

        assertThat(Files.readAllBytes(root.resolve("s/1/fragment"))).isEqualTo(bytes(1234, 1));
    }

    @Test
    void anUploadWritesAPartFileBesideItsTarget() throws IOException {
        try (BlobUpload upload = store.create("s/1/fragment")) {
            upload.write(new byte[10], 0, 10);
            List<Path> parts = partFiles();
            assertThat(parts).singleElement().satisfies(part -> {
                assertThat(part.getParent()).isEqualTo(root.resolve("s/1"));
                assertThat(part.getFileName().toString()).startsWith("fragment~").endsWith(".part");
            });
            upload.commit();
        }
        assertThat(partFiles()).isEmpty();
    }

    @Test
    void startingRemovesPartFilesACrashLeftButKeepsBlobs() throws IOException {
        write("keep/fragment", bytes(10, 2));
        write("keep/looks-like.part", bytes(10, 3));
        Files.createDirectories(root.resolve("crashed/deep"));
        Files.write(root.resolve("crashed/deep/fragment~0123abcd.part"), bytes(100, 4));
        Files.write(root.resolve("top~ff.part"), bytes(100, 5));

        try (FileBlobStore reopened = new FileBlobStore(root)) {
            assertThat(partFiles()).isEmpty();
            try (InputStream in = reopened.open("keep/fragment", 0, -1)) {
                assertThat(in.readAllBytes()).isEqualTo(bytes(10, 2));
            }
            try (InputStream in = reopened.open("keep/looks-like.part", 0, -1)) {
                assertThat(in.readAllBytes()).isEqualTo(bytes(10, 3));
            }
        }
    }

    @Test
    void aReaderKeepsTheBlobItOpenedWhileItIsReplacedOrDeleted() throws IOException {
        write("moving", bytes(100_000, 6));
        try (InputStream in = store.open("moving", 0, -1)) {
            write("moving", bytes(10, 7));
            assertThat(in.readAllBytes()).isEqualTo(bytes(100_000, 6));
        }
        try (InputStream in = store.open("moving", 0, -1)) {
            store.delete("moving");
            assertThat(in.readAllBytes()).isEqualTo(bytes(10, 7));
        }
    }

    @Test
    void aKeyUnderAnExistingBlobFailsWithoutHarm() throws IOException {
        write("flat", bytes(10, 8));

        assertThatThrownBy(() -> store.create("flat/child")).isInstanceOf(IOException.class);
        assertThat(read("flat", 0, -1)).isEqualTo(bytes(10, 8));
    }

    @Test
    void theRootIsCreatedAndNamedByLocation() throws IOException {
        Path nested = root.resolve("not/yet/there");
        try (FileBlobStore created = new FileBlobStore(nested)) {
            assertThat(nested).isDirectory();
            assertThat(created.location()).startsWith("file:").contains("not/yet/there");
        }
    }

    private List<Path> partFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".part")
                    && file.getFileName().toString().contains("~")).toList();
        }
    }
}
