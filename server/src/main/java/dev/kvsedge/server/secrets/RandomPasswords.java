package dev.kvsedge.server.secrets;

import static dev.kvsedge.model.secrets.SecretShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * GetRandomPassword as Secrets Manager makes them: 32 characters unless asked otherwise, from lowercase and uppercase
 * letters, digits and ASCII punctuation (and the space when asked), each included type at least once unless
 * RequireEachIncludedType is false; drawn from a SecureRandom.
 */
public final class RandomPasswords {
    static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final long DEFAULT_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomPasswords() {}

    public static GetRandomPasswordResponse generate(GetRandomPasswordRequest request) {
        String excluded = request.excludeCharacters() == null ? "" : request.excludeCharacters();
        List<String> types = new ArrayList<>();
        addType(types, !Boolean.TRUE.equals(request.excludeLowercase()), "abcdefghijklmnopqrstuvwxyz", excluded);
        addType(types, !Boolean.TRUE.equals(request.excludeUppercase()), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", excluded);
        addType(types, !Boolean.TRUE.equals(request.excludeNumbers()), "0123456789", excluded);
        addType(types, !Boolean.TRUE.equals(request.excludePunctuation()), PUNCTUATION, excluded);
        addType(types, Boolean.TRUE.equals(request.includeSpace()), " ", excluded);
        if (types.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "The password can't be generated: every character type is excluded.");
        }
        int length = (int) (request.passwordLength() == null ? DEFAULT_LENGTH : request.passwordLength());
        boolean eachType = !Boolean.FALSE.equals(request.requireEachIncludedType());
        if (eachType && length < types.size()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "Password length is too short based on the required types.");
        }
        String all = String.join("", types);
        char[] password = new char[length];
        for (int i = 0; i < length; i++) {
            password[i] = all.charAt(RANDOM.nextInt(all.length()));
        }
        if (eachType) {
            // One character of each type at distinct random places, so no type is missing and none is at a fixed place.
            List<Integer> places = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                places.add(i);
            }
            for (String type : types) {
                int place = places.remove(/* index */ RANDOM.nextInt(places.size()));
                password[place] = type.charAt(RANDOM.nextInt(type.length()));
            }
        }
        return new GetRandomPasswordResponse(new String(password));
    }

    private static void addType(List<String> types, boolean included, String characters, String excluded) {
        if (!included) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        characters.chars().filter(c -> excluded.indexOf(c) < 0).forEach(c -> kept.append((char) c));
        if (!kept.isEmpty()) {
            types.add(kept.toString());
        }
    }
}
