package dev.kvsedge.server.secrets;

import static dev.kvsedge.model.secrets.SecretShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.PageTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * ListSecrets over the secrets of one scope, in memory: a scope holds a few secrets per camera, and
 * AWS's filters (any attribute, prefix or word matches, negation) and four sort keys are simplest and
 * exact here. Filters combine with AND, the values of one filter with OR; a value starting with
 * {@code !} matches the secrets none of whose attributes match the rest. Pages are keyset pages: the
 * NextToken holds the last secret's sort key and name, so secrets created meanwhile shift nothing.
 */
final class SecretListing {
    static final int DEFAULT_PAGE = 100;
    private static final String SEPARATORS = "/-_+=.@";
    /** Joins words already split; no word holds it. */
    private static final String WORD_BREAK = "\u0000";
    /** A non-lowercase character followed by lowercase letters: where Secrets Manager starts a word. */
    private static final Pattern WORD_START = Pattern.compile("[^a-z][a-z]+");

    private SecretListing() {}

    record Page(List<Secret> secrets, String nextToken) {}

    /** Where a secret sorts: its sort key (0 when sorting by name), then its name. */
    private record Position(long key, String name) {}

    static Page page(List<Secret> secrets, ListSecretsRequest request, Instant now) {
        boolean withDeleted = Boolean.TRUE.equals(request.includePlannedDeletion());
        Predicate<Secret> filters = filters(request.filters());
        Function<Secret, Position> position = positions(request.sortBy());
        Comparator<Position> order = Comparator.comparingLong(Position::key).thenComparing(Position::name);
        if ("desc".equals(request.sortOrder())) {
            order = order.reversed();
        }
        Comparator<Position> sorted = order;
        // A token resumes the listing of one sort: read under another, its position would mean something else.
        String listing = "ListSecrets " + request.sortBy() + " " + request.sortOrder();
        Position after = decode(listing, request.nextToken());
        int limit = request.maxResults() == null ? DEFAULT_PAGE : request.maxResults();
        List<Secret> matching = secrets.stream()
                .filter(s -> !s.goneAt(now) && (withDeleted || !s.deleted()))
                .filter(filters)
                .filter(s -> after == null || sorted.compare(position.apply(s), after) > 0)
                .sorted(Comparator.comparing(position, sorted))
                .limit(limit + 1L)
                .toList();
        if (matching.size() <= limit) {
            return new Page(matching, null);
        }
        List<Secret> page = matching.subList(0, limit);
        return new Page(page, encode(listing, position.apply(page.getLast())));
    }

    private static Function<Secret, Position> positions(String sortBy) {
        ToLongFunction<Secret> key = switch (sortBy == null ? "created-date" : sortBy) {
            case "name" -> s -> 0;
            case "last-changed-date" -> s -> s.lastChangedDate().toEpochMilli();
            case "last-accessed-date" -> s -> s.lastAccessedDate() == null ? 0 : s.lastAccessedDate().toEpochMilli();
            default -> s -> s.createdDate().toEpochMilli();
        };
        return s -> new Position(key.applyAsLong(s), s.name());
    }

    private static String encode(String listing, Position position) {
        return PageTokens.encode(listing, position.key() + ":" + position.name());
    }

    private static Position decode(String listing, String token) {
        if (token == null) {
            return null;
        }
        try {
            String text = PageTokens.decode(listing, token);
            if (text == null) {
                return null; // an empty token: the first page
            }
            int colon = text.indexOf(':');
            return new Position(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        } catch (RuntimeException e) { // a foreign token (ApiException) or one without a position
            throw new ApiException(ErrorCode.INVALID_NEXT_TOKEN,
                    "The NextToken value is not valid: it was not issued by ListSecrets.");
        }
    }

    private static Predicate<Secret> filters(List<Filter> filters) {
        Predicate<Secret> all = s -> true;
        for (Filter filter : filters == null ? List.<Filter>of() : filters) {
            if (filter == null || filter.key() == null) {
                throw new ApiException(ErrorCode.INVALID_PARAMETER, "Invalid filter key");
            }
            if (filter.values() == null || filter.values().isEmpty()) {
                throw new ApiException(ErrorCode.INVALID_PARAMETER, "Invalid filter values for key: " + filter.key());
            }
            Predicate<Secret> any = s -> false;
            for (String value : filter.values()) {
                any = any.or(matcher(filter.key(), value));
            }
            all = all.and(any);
        }
        return all;
    }

    private static Predicate<Secret> matcher(String key, String value) {
        boolean negated = value.startsWith("!");
        String pattern = negated ? value.substring(1) : value;
        Function<Secret, List<String>> attributes;
        Predicate<String> matches;
        switch (key) {
            case "name" -> {
                attributes = s -> List.of(s.name());
                matches = a -> a.startsWith(pattern);
            }
            case "tag-key" -> {
                attributes = s -> List.copyOf(s.tags().keySet());
                matches = a -> a.startsWith(pattern);
            }
            case "tag-value" -> {
                attributes = s -> List.copyOf(s.tags().values());
                matches = a -> a.startsWith(pattern);
            }
            // Documented as a prefix match; AWS matches the words of the description, as for "all".
            case "description" -> {
                attributes = s -> s.description() == null
                        ? List.of()
                        : List.of(String.join(WORD_BREAK, words(s.description())));
                matches = wordsMatch(pattern);
            }
            // Each word may match a different attribute: the words of all attributes are searched together.
            case "all" -> {
                attributes = s -> List.of(Stream.of(List.of(s.name()), s.description() == null
                        ? List.<String>of()
                        : List.of(s.description()), s.tags().keySet(), s.tags().values())
                        .flatMap(Collection::stream).flatMap(a -> words(a).stream())
                        .collect(Collectors.joining(WORD_BREAK)));
                matches = wordsMatch(pattern);
            }
            // A replica's primary region, or a replicated primary's own.
            case "primary-region" -> {
                attributes = s -> s.isReplica()
                        ? List.of(s.primaryRegion())
                        : s.replicas().isEmpty() ? List.of() : List.of(s.key().scope().region());
                matches = a -> a.equals(pattern);
            }
            // Managed secrets are not served here: no secret has an owning service.
            default -> {
                attributes = s -> List.of();
                matches = a -> false;
            }
        }
        Predicate<Secret> positive = s -> attributes.apply(s).stream().anyMatch(matches);
        return negated ? positive.negate() : positive;
    }

    /** Every word of the pattern starts one of the words (already split, joined by {@link #WORD_BREAK}), ignoring case. */
    private static Predicate<String> wordsMatch(String pattern) {
        List<String> wanted = words(pattern);
        return splitWords -> {
            List<String> have = List.of(splitWords.split(WORD_BREAK));
            return !wanted.isEmpty() && wanted.stream().allMatch(w -> have.stream().anyMatch(h -> h.startsWith(w)));
        };
    }

    /**
     * The words Secrets Manager's {@code all} and {@code description} filters see, lower-cased: a text with one kind
     * of separator ({@code / - _ + = . @}) is split at it, one with several kinds is one word; each part is then
     * split before every non-lowercase character that starts a run of lowercase letters, so {@code COMPANYthings}
     * is {@code COMPAN} and {@code Ythings}, {@code SecretFTagx} is {@code Secret}, {@code F} and {@code Tagx}, and
     * spaces separate words too. This is how AWS answers (checked by moto's AWS-verified tests).
     */
    static List<String> words(String text) {
        if (SEPARATORS.indexOf(text) >= 0 && text.length() == 1) {
            return List.of();
        }
        List<String> parts = List.of(text);
        long kinds = SEPARATORS.chars().filter(c -> text.indexOf(c) >= 0).count();
        if (kinds > 1) {
            return List.of(text.toLowerCase(Locale.ROOT));
        }
        if (kinds == 1) {
            char separator = (char) SEPARATORS.chars().filter(c -> text.indexOf(c) >= 0).findFirst().orElseThrow();
            parts = List.of(text.split(Pattern.quote(String.valueOf(separator)), -1));
        }
        List<String> words = new ArrayList<>();
        for (String part : parts) {
            Matcher word = WORD_START.matcher(part);
            int last = 0;
            while (word.find()) {
                add(words, part.substring(last, word.start()));
                add(words, word.group());
                last = word.end();
            }
            add(words, part.substring(last));
        }
        return words;
    }

    private static void add(List<String> words, String word) {
        String trimmed = word.strip();
        if (!trimmed.isEmpty()) {
            words.add(trimmed.toLowerCase(Locale.ROOT));
        }
    }
}
