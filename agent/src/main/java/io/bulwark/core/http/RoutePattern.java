package io.bulwark.core.http;

import java.util.Set;

/**
 * The path (and optionally methods) a policy route applies to (rate limits, timeouts). A path such as {@code /api/v1/items/{id}} matches
 * a request path segment by segment, a {@code {name}} segment matching any one non-empty segment; it covers the
 * paths below it too ({@code /api/v1/transactions} covers {@code /api/v1/transactions/42}), but only at a segment
 * boundary. Empty segments, a trailing slash, {@code ;parameters} of a segment and a query string are ignored, so
 * that {@code //api/v1/auth/token/} cannot slip past the limit of {@code /api/v1/auth/token}. The path is expected
 * decoded and canonical, as the server routes it. Matching walks the path in place: no allocation, no regex. A
 * {@linkplain #isPlain plain} path (the usual case) skips the walk over the pattern's leading literal segments: they
 * compare as one string.
 */
public final class RoutePattern {

    /** {@link #rank} of a pattern that does not match. */
    public static final long NO_MATCH = -1;

    private static final int MAX_COUNT = 0xFFFFF;

    private final String[] segments; // null element = a {parameter}
    private final String[] methods;  // empty = all methods
    private final long literalsRank;
    /** The leading literal segments as a plain path ("/api/v1/items" of "/api/v1/items/{id}"); "" if none. */
    private final String literalPrefix;
    private final int literalPrefixSegments;

    public RoutePattern(String path, Set<String> methods) {
        String[] parts = path.split("/");
        int count = 0;
        for (String part : parts) {
            if (!part.isEmpty()) {
                count++;
            }
        }
        this.segments = new String[count];
        int literals = 0;
        int i = 0;
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            boolean parameter = part.length() >= 2 && part.startsWith("{") && part.endsWith("}");
            segments[i++] = parameter ? null : part;
            literals += parameter ? 0 : 1;
        }
        this.methods = methods.toArray(new String[0]);
        this.literalsRank = (long) Math.min(literals, MAX_COUNT) << 40;
        this.literalPrefixSegments = leadingLiterals(segments);
        this.literalPrefix = pathOf(segments, literalPrefixSegments);
    }

    /** How many of {@code segments} (a null element is a parameter) come before the first parameter. */
    static int leadingLiterals(String[] segments) {
        int count = 0;
        while (count < segments.length && segments[count] != null) {
            count++;
        }
        return count;
    }

    /** The first {@code count} segments as a path ("/api/v1"); "" for none. */
    static String pathOf(String[] segments, int count) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < count; i++) {
            path.append('/').append(segments[i]);
        }
        return path.toString();
    }

    /**
     * Whether a path has none of the variants {@link #rank} tolerates: it starts with a slash and has no empty
     * segment, no {@code ;parameters} and no query.
     */
    public static boolean isPlain(String path) {
        return !path.isEmpty() && path.charAt(0) == '/' && path.indexOf(';') < 0 && path.indexOf('?') < 0
            && path.indexOf("//") < 0;
    }

    /**
     * How specific this pattern is for the request, higher being more specific, or {@link #NO_MATCH}. In order of
     * importance: more literal segments; an exact match over one covering a sub-path; more segments; a pattern that
     * names methods over one for all methods. {@code plain} is {@link #isPlain}{@code (path)}, which a matcher asks
     * once for all its patterns.
     */
    public long rank(String method, String path, boolean plain) {
        if (methods.length > 0 && !hasMethod(method)) {
            return NO_MATCH;
        }
        int end = plain ? path.length() : path.indexOf('?');
        if (end < 0) {
            end = path.length();
        }
        int position = 0;
        int first = 0;
        if (plain) {
            // One slash before each segment, none empty: the leading literals match iff the path starts with them
            // up to a segment boundary.
            position = literalPrefix.length();
            if (!path.startsWith(literalPrefix) || position < end && path.charAt(position) != '/') {
                return NO_MATCH;
            }
            first = literalPrefixSegments;
        }
        for (int i = first; i < segments.length; i++) {
            String segment = segments[i];
            position = skipSlashes(path, position, end);
            if (position >= end) {
                return NO_MATCH;
            }
            int segmentEnd = indexOf(path, '/', position, end);
            int nameEnd = indexOf(path, ';', position, segmentEnd);
            if (segment == null ? nameEnd == position
                    : segment.length() != nameEnd - position || !path.startsWith(segment, position)) {
                return NO_MATCH;
            }
            position = segmentEnd;
        }
        boolean exact = skipSlashes(path, position, end) >= end;
        return literalsRank | (exact ? 1L << 39 : 0) | (long) Math.min(segments.length, MAX_COUNT) << 1
                | (methods.length > 0 ? 1 : 0);
    }

    private boolean hasMethod(String method) {
        for (String candidate : methods) {
            if (candidate.equals(method)) {
                return true;
            }
        }
        return false;
    }

    private static int skipSlashes(String path, int position, int end) {
        while (position < end && path.charAt(position) == '/') {
            position++;
        }
        return position;
    }

    /** The index of {@code c} in {@code s[from, to)}, or {@code to}. */
    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return to;
    }
}
