package dev.kvsedge.server.secrets;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.accounts.Scope;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secret names and ARNs ({@code arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX}), and what a
 * {@code SecretId} may stand for: a name, a full ARN, or a partial ARN (one without the {@code -XXXXXX}).
 */
final class SecretIds {
    /** AWS's rule for names; the model only bounds their length. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]+");
    private static final Pattern ARN = Pattern
            .compile("arn:[a-z0-9-]+:secretsmanager:([a-z0-9-]*):([0-9]*):secret:(.+)");
    private static final Pattern WITH_SUFFIX = Pattern.compile("(.+)-[A-Za-z0-9]{6}");
    private static final char[] SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .toCharArray();
    private static final int SUFFIX_LENGTH = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretIds() {}

    /** A name the caller may look for, and the ARN the secret must have (null: any). */
    record Candidate(String name, String arn) {}

    static void requireValidName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "Invalid name. Must be a valid name containing alphanumeric"
                            + " characters, or any of the following: -/_+=.@!");
        }
    }

    static String newArn(Scope scope, String name) {
        char[] suffix = new char[SUFFIX_LENGTH];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = SUFFIX_ALPHABET[RANDOM.nextInt(SUFFIX_ALPHABET.length)];
        }
        return "arn:aws:secretsmanager:" + scope.region() + ":" + scope.accountId() + ":secret:" + name + "-"
                + new String(suffix);
    }

    /** The name a SecretId stands for: the id itself, or the name an ARN (full or partial) carries. */
    static String nameIn(String secretId) {
        Matcher arn = ARN.matcher(secretId);
        if (!secretId.startsWith("arn:") || !arn.matches()) {
            return secretId;
        }
        Matcher full = WITH_SUFFIX.matcher(arn.group(3));
        return full.matches() ? full.group(1) : arn.group(3);
    }

    /** The ARN a SecretId stands for: a full ARN as given, else a new one for the name it carries. */
    static String arnFor(Scope scope, String secretId) {
        Matcher arn = ARN.matcher(secretId);
        if (secretId.startsWith("arn:") && arn.matches() && WITH_SUFFIX.matcher(arn.group(3)).matches()) {
            return secretId;
        }
        return newArn(scope, nameIn(secretId));
    }

    /** The ARN without its random suffix, as a partial ARN names the secret. */
    static String partialArn(String arn) {
        return arn.substring(0, arn.length() - SUFFIX_LENGTH - 1);
    }

    /** Whether an ARN as a user wrote it (full or partial) names this secret. */
    static boolean names(String writtenArn, Secret secret) {
        return writtenArn.equals(secret.arn()) || writtenArn.equals(partialArn(secret.arn()));
    }

    /**
     * The secrets of {@code scope} that {@code secretId} may name, to try in order: for an ARN first
     * the full-ARN reading, then the partial one (AWS warns that a name ending in -XXXXXX is
     * ambiguous; trying both finds it either way). An ARN of another account or region names nothing.
     */
    static List<Candidate> candidates(Scope scope, String secretId) {
        if (!secretId.startsWith("arn:")) {
            return List.of(new Candidate(secretId, null));
        }
        Matcher arn = ARN.matcher(secretId);
        if (!arn.matches() || !arn.group(1).equals(scope.region()) || !arn.group(2).equals(scope.accountId())) {
            return List.of();
        }
        String rest = arn.group(3);
        List<Candidate> candidates = new ArrayList<>(2);
        Matcher full = WITH_SUFFIX.matcher(rest);
        if (full.matches()) {
            candidates.add(new Candidate(full.group(1), secretId));
        }
        candidates.add(new Candidate(rest, null));
        return candidates;
    }
}
