package dev.kvsedge.server.auth;

/** SignedHeaders lists ("content-type;host;x-amz-date"), read without splitting them into new strings. */
final class HeaderLists {

    private HeaderLists() {}

    static boolean contains(String list, String name) {
        int start = 0;
        while (start <= list.length()) {
            int end = list.indexOf(';', start);
            if (end < 0) {
                end = list.length();
            }
            if (end - start == name.length() && list.regionMatches(true, start, name, 0, name.length())) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }
}
