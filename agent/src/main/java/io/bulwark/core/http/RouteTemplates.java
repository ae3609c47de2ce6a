package io.bulwark.core.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Maps a raw path onto one of the configured route templates ({@code /items/{id}}), so that metric labels stay
 * bounded. A {@code {name}} segment matches exactly one non-empty path segment; when several templates match, the
 * one with more literal segments wins. Matching walks the path in place: no allocation per request.
 */
public final class RouteTemplates {

    /** The endpoint label of every path that matches no template. */
    public static final String UNMATCHED = "unmatched";

    private final List<Template> templates;

    public RouteTemplates(List<String> templates) {
        List<Template> parsed = new ArrayList<>();
        for (String template : templates) {
            parsed.add(new Template(template));
        }
        parsed.sort(Comparator.comparingInt((Template t) -> t.literalSegments).reversed());
        this.templates = List.copyOf(parsed);
    }

    /**
     * The endpoint label of a request: the template the server's router matched, else the configured template that
     * matches the path, else {@link #UNMATCHED}.
     */
    public String endpoint(String serverTemplate, String path) {
        if (serverTemplate != null) {
            return serverTemplate;
        }
        String template = match(path);
        return template == null ? UNMATCHED : template;
    }

    /** The template matching the path, or null. */
    public String match(String path) {
        if (path == null) {
            return null;
        }
        for (Template template : templates) {
            if (template.matches(path)) {
                return template.text;
            }
        }
        return null;
    }

    private static final class Template {
        final String text;
        final String[] segments; // null element = a {parameter}
        final int literalSegments;
        /** The leading literal segments as a path ("/api/v1/items" of "/api/v1/items/{id}"); "" if none. */
        final String literalPrefix;
        final int literalPrefixSegments;

        Template(String text) {
            this.text = text;
            String trimmed = trimSlashes(text);
            String[] parts = trimmed.isEmpty() ? new String[0] : trimmed.split("/");
            int literals = 0;
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                    parts[i] = null;
                } else {
                    literals++;
                }
            }
            this.segments = parts;
            this.literalSegments = literals;
            this.literalPrefixSegments = RoutePattern.leadingLiterals(parts);
            this.literalPrefix = RoutePattern.pathOf(parts, literalPrefixSegments);
        }

        boolean matches(String path) {
            // A matching path has one slash before each segment, so its leading literal segments compare as one
            // string: most templates are ruled out by that one comparison instead of a walk over their segments.
            if (!path.startsWith(literalPrefix)) {
                return false;
            }
            int position = literalPrefix.length();
            int length = path.length();
            if (length > 1 && path.charAt(length - 1) == '/') {
                length--; // one trailing slash is the same route
            }
            for (int i = literalPrefixSegments; i < segments.length; i++) {
                String segment = segments[i];
                if (position >= length || path.charAt(position) != '/') {
                    return false;
                }
                position++;
                int end = path.indexOf('/', position);
                if (end < 0 || end > length) {
                    end = length;
                }
                if (end == position) {
                    return false;
                }
                if (segment != null && (segment.length() != end - position
                        || !path.regionMatches(position, segment, 0, segment.length()))) {
                    return false;
                }
                position = end;
            }
            return position == length || (segments.length == 0 && length <= 1);
        }

        private static String trimSlashes(String s) {
            int start = 0;
            int end = s.length();
            while (start < end && s.charAt(start) == '/') {
                start++;
            }
            while (end > start && s.charAt(end - 1) == '/') {
                end--;
            }
            return s.substring(start, end);
        }
    }
}
