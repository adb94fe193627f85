package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.migrations.MigrationFiles;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StoreMigrationFilesTest {

    @Test
    void theIndexListsEveryMigrationFileInOrder() throws Exception {
        URL folder = Migrations.class.getClassLoader().getResource(Migrations.FOLDER);
        assertThat(folder).isNotNull();
        assertThat(folder.getProtocol()).isEqualTo("file");
        List<String> files;
        try (Stream<Path> list = Files.list(Path.of(folder.toURI()))) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
        List<String> indexed = Migrations.load().stream().map(m -> m.name() + ".sql").sorted().toList();
        assertThat(indexed).isEqualTo(files);
        assertThat(files).allMatch(n -> MigrationFiles.FILE_NAME.matcher(n).matches());
    }

    @Test
    void theFirstMigrationMakesTheStreamTables() {
        assertThat(Migrations.load().get(0).statements()).hasSize(2);
    }
}
