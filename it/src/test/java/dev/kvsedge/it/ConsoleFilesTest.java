package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web console's files: unsigned GETs of / and /console/..., while everything else still needs a signature. */
class ConsoleFilesTest {
    private static TestServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10))
            .build();

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.server.url() + path))
                .timeout(java.time.Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theConsolesPageIsServedAtTheRootWithoutASignatureAndWithAStrictContentPolicy() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/console/js/app.js\">");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void modulesStylesAndTheVendoredPlayerAreServedWithTheirTypes() throws Exception {
        assertThat(get("/console/js/app.js").headers().firstValue("Content-Type"))
                .contains("text/javascript; charset=utf-8");
        assertThat(get("/console/css/console.css").headers().firstValue("Content-Type"))
                .contains("text/css; charset=utf-8");
        HttpResponse<String> hls = get("/console/vendor/hls.js-1.7.4/hls.light.min.mjs");
        assertThat(hls.statusCode()).isEqualTo(200);
        assertThat(hls.body()).contains("isSupported");
    }

    @Test
    void anUnchangedFileIsNotSentAgain() throws Exception {
        String etag = get("/console/js/api.js").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = get("/console/js/api.js", "If-None-Match", etag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void theConfigSaysWhetherTheServerTakesTheDefaultCredentials() throws Exception {
        HttpResponse<String> config = get("/console/config.json");

        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).isEqualTo("{\"DefaultCredentials\":true}");
    }

    @Test
    void aMissingFileOrAPathOutOfTheConsoleIsAnAwsStyle404() throws Exception {
        for (String path : new String[] {"/console/nope.js", "/console/../db/migration/V1__streams.sql",
                "/console/%2e%2e/db/migration/V1__streams.sql", "/console/js/", "/console/.hidden.js",
                "/console/js/app.exe"}) {
            HttpResponse<String> missing = get(path);
            assertThat(missing.statusCode()).as(path).isIn(403, 404);
            assertThat(missing.body()).as(path).doesNotContain("CREATE TABLE");
            assertThat(missing.headers().firstValue("x-amzn-ErrorType")).as(path).isPresent();
        }
    }

    @Test
    void otherMethodsOnTheRootStillNeedASignature() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(server.server.url() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.headers().firstValue("x-amzn-ErrorType").orElseThrow())
                .startsWith("MissingAuthenticationTokenException");
    }
}
