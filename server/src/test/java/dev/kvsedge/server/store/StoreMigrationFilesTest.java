package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(files).allMatch(n -> Migrations.FILE_NAME.matcher(n).matches());
    }

    @Test
    void statementsAreSplitAndCommentsDropped() {
        assertThat(Migrations.statements("-- head\nCREATE TABLE a (x INTEGER); -- tail\n\n;CREATE TABLE b (y TEXT);\n"))
                .containsExactly("CREATE TABLE a (x INTEGER)", "CREATE TABLE b (y TEXT)");
        assertThat(Migrations.load().get(0).statements()).hasSize(2);
    }
}
