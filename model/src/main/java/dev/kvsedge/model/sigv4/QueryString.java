package dev.kvsedge.model.sigv4;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A raw query string split into its parameters, still encoded, in the order they were sent. Immutable, so
 * safe to share between threads.
 */
public final class QueryString {

    private static final QueryString EMPTY = new QueryString(List.of());

    private final List<String[]> params;

    private QueryString(List<String[]> params) {
        this.params = params;
    }

    /** Splits {@code rawQuery} as it appears on the request line (no '?'); {@code null} or empty is no query. */
    public static QueryString parse(@Nullable String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return EMPTY;
        }
        List<String[]> params = new ArrayList<>();
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                if (eq < 0 || eq > end) {
                    params.add(new String[] {rawQuery.substring(start, end), ""});
                } else {
                    params.add(new String[] {rawQuery.substring(start, eq), rawQuery.substring(eq + 1, end)});
                }
            }
            start = end + 1;
        }
        return new QueryString(params);
    }

    public boolean isEmpty() {
        return params.isEmpty();
    }

    /** The decoded value of the first parameter whose decoded name is {@code name}, or {@code null}. */
    public @Nullable String get(String name) {
        for (String[] param : params) {
            if (name.equals(AwsUriEncoding.decode(param[0]))) {
                return AwsUriEncoding.decode(param[1]);
            }
        }
        return null;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * Appends the canonical query string: names and values in canonical encoding, sorted by name then value,
     * leaving out the parameter named {@code excluded} (the presigned form's own signature) if not null.
     */
    void appendCanonical(StringBuilder out, @Nullable String excluded) {
        if (params.isEmpty()) {
            return;
        }
        String[][] canonical = new String[params.size()][];
        int count = 0;
        for (String[] param : params) {
            String name = AwsUriEncoding.canonicalQueryComponent(param[0]);
            if (excluded != null && excluded.equals(name)) {
                continue;
            }
            canonical[count++] = new String[] {name, AwsUriEncoding.canonicalQueryComponent(param[1])};
        }
        if (count > 1) {
            Arrays.sort(canonical, 0, count, (a, b) -> {
                int byName = a[0].compareTo(b[0]);
                return byName != 0 ? byName : a[1].compareTo(b[1]);
            });
        }
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append('&');
            }
            out.append(canonical[i][0]).append('=').append(canonical[i][1]);
        }
    }
}
