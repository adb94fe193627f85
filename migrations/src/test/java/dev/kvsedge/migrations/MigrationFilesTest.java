package dev.kvsedge.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MigrationFilesTest {

    @Test
    void theIndexGivesTheMigrationsInOrderWithTheirStatements() {
        assertThat(MigratorContract.ALL).extracting(Migration::name)
                .containsExactly("V1__cameras", "V2__camera_names", "V3__clips");
        assertThat(MigratorContract.ALL.get(0).statements()).hasSize(2);
        assertThat(MigratorContract.ALL.get(0).checksum()).hasSize(64);
    }

    @Test
    void statementsAreSplitAndCommentsDropped() {
        assertThat(Migration.statements("-- head\nCREATE TABLE a (x INTEGER); -- tail\n\n;CREATE TABLE b (y TEXT);\n"))
                .containsExactly("CREATE TABLE a (x INTEGER)", "CREATE TABLE b (y TEXT)");
    }

    @Test
    void theChecksumIsTheSqlsNotItsCommentsOrLineEndings() {
        Migration m = Migration.of(1, "V1__a", "CREATE TABLE a (\n  x INTEGER\n);\n");
        assertThat(
                Migration.of(1, "V1__a", "-- why a\r\nCREATE TABLE a (\r\n  x INTEGER -- the x\r\n);\r\n").checksum())
                .isEqualTo(m.checksum());
        assertThat(Migration.of(1, "V1__a", "CREATE TABLE a (\n  x BIGINT\n);\n").checksum())
                .isNotEqualTo(m.checksum());
    }

    @Test
    void aMissingIndexIsADefectOfTheBuild() {
        assertThatThrownBy(() -> MigrationFiles.load(getClass().getClassLoader(), "db/nothing-here"))
                .isInstanceOf(IllegalStateException.class).hasMessage("missing resource db/nothing-here/index.txt");
    }
}
