package dev.kvsedge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.server.http.ApiRequest;
import dev.kvsedge.server.http.ApiResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConsoleFilesTest {
    private final ConsoleFiles files = new ConsoleFiles(false);

    private ApiResponse get(String path) {
        return files.handle(null, new ApiRequest("GET", path, null, Map.of(), new byte[0]), "request-1");
    }

    @Test
    void thePagePreloadsEveryModuleSoTheyLoadAtOnceNotLevelByLevel() throws Exception {
        Path js = Path.of(ConsoleFiles.class.getClassLoader().getResource("console/js").toURI());
        String page = get("/").bodyText();
        List<String> modules;
        try (Stream<Path> walk = Files.walk(js)) {
            modules = walk.filter(f -> f.toString().endsWith(".js") && !f.getFileName().toString().equals("app.js"))
                    .map(f -> "/console/js/" + js.relativize(f).toString().replace('\\', '/')).toList();
        }
        assertThat(modules).contains("/console/js/pages/stream.js", "/console/js/components/timeline.js");
        for (String module : modules) {
            assertThat(page).contains("<link rel=\"modulepreload\" href=\"" + module + "\">");
        }
    }

    @Test
    void aServerWithConfiguredCredentialsDoesNotOfferTheDefaultOnes() {
        assertThat(get("/console/config.json").bodyText()).isEqualTo("{\"DefaultCredentials\":false}");
    }

    @Test
    void onlyGetIsServed() {
        assertThat(files.accepts("GET")).isTrue();
        assertThat(files.accepts("POST")).isFalse();
        assertThat(files.accepts("HEAD")).isFalse();
    }
}
