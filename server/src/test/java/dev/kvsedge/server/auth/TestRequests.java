package dev.kvsedge.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Builds {@link SignedRequest}s the way an HTTP server would hand them over, and checks refusals. */
final class TestRequests {

    private final String method;
    private final String rawPath;
    private String rawQuery;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    private TestRequests(String method, String rawPath) {
        this.method = method;
        this.rawPath = rawPath;
    }

    static TestRequests request(String method, String rawPath) {
        return new TestRequests(method, rawPath);
    }

    TestRequests query(String rawQuery) {
        this.rawQuery = rawQuery;
        return this;
    }

    /** Adds a header value; a name added twice keeps both values, in order. */
    TestRequests header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    TestRequests replaceHeader(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(List.of(value)));
        return this;
    }

    TestRequests body(String utf8) {
        this.body = utf8.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    TestRequests streamedBody() {
        this.body = null;
        return this;
    }

    SignedRequest build() {
        return new SignedRequest(method, rawPath, rawQuery, headers, body);
    }

    /** Asserts the call is refused with {@code code} and exactly {@code message}. */
    static void assertRefused(ThrowingCallable call, ErrorCode code, String message) {
        assertThat(refusal(call, code).getMessage()).isEqualTo(message);
    }

    /** Asserts the call is refused with {@code code} and returns the refusal for further checks. */
    static ApiException refusal(ThrowingCallable call, ErrorCode code) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ApiException.class);
        ApiException e = (ApiException) thrown;
        assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(code);
        return e;
    }
}
