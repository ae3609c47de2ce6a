package io.bulwark.core.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML node at a dotted key path, with typed, validating conversions. Every failure is a {@link ConfigException}
 * naming the file, the node's line and the path, so schema code never handles positions itself.
 */
final class ConfigValue {

    static final String DURATION_EXAMPLES = "250ms, 30s, 5m, 1h or a number of seconds";
    static final Duration MAX_DURATION = Duration.ofDays(365);
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})(ms|s|m|h)");
    private static final Pattern DECIMAL_INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final List<String> HTTP_METHODS =
            List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

    private final String source;
    private final Node node;
    private final String path;
    private final Node keyNode; // the mapping key this value is under; null for the root and list elements

    ConfigValue(String source, Node node, String path) {
        this(source, node, path, null);
    }

    private ConfigValue(String source, Node node, String path, Node keyNode) {
        this.source = source;
        this.node = node;
        this.path = path;
        this.keyNode = keyNode;
    }

    String path() {
        return path;
    }

    String source() {
        return source;
    }

    int line() {
        return line(node);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    ConfigException error(String detail) {
        return ConfigException.inFile(source, line(), path, detail);
    }

    /**
     * An error about another key, such as a missing one, reported at the line of the key this value is under (a block
     * mapping itself starts at its first entry, which is not where a reader looks for the section).
     */
    ConfigException errorFor(String otherPath, String detail) {
        return ConfigException.inFile(source, line(keyNode != null ? keyNode : node), otherPath, detail);
    }

    String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean isNull() {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    // ---- collections

    /** The entries of a mapping in file order; a null node is an empty mapping. Keys must be unique scalars. */
    Map<String, ConfigValue> entries() throws ConfigException {
        Map<String, ConfigValue> entries = new LinkedHashMap<>();
        if (isNull()) {
            return entries;
        }
        if (!(node instanceof MappingNode mapping)) {
            throw error("must be a mapping of keys to values, got " + describe());
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new ConfigValue(source, tuple.getKeyNode(), path).error("keys must be plain names");
            }
            String key = keyNode.getValue();
            if (entries.containsKey(key)) {
                throw new ConfigValue(source, keyNode, childPath(key)).error("duplicate key");
            }
            entries.put(key, new ConfigValue(source, tuple.getValueNode(), childPath(key), keyNode));
        }
        return entries;
    }

    /** A mapping whose keys must all be among {@code allowedKeys}. */
    ConfigSection section(List<String> allowedKeys) throws ConfigException {
        Map<String, ConfigValue> entries = entries();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = ((ScalarNode) tuple.getKeyNode()).getValue();
                if (!allowedKeys.contains(key)) {
                    throw new ConfigValue(source, tuple.getKeyNode(), childPath(key))
                            .error("unknown key (allowed: " + String.join(", ", allowedKeys) + ")");
                }
            }
        }
        return new ConfigSection(this, entries);
    }

    /** The elements of a list, each with its own path and line; a null node is an empty list. */
    List<ConfigValue> elements() throws ConfigException {
        if (isNull()) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw error("must be a list, got " + describe());
        }
        List<ConfigValue> elements = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            elements.add(new ConfigValue(source, items.get(i), path + "[" + i + "]"));
        }
        return elements;
    }

    // ---- scalars

    boolean bool() throws ConfigException {
        String text = scalar(Tag.BOOL, "true or false");
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            default -> false;
        };
    }

    int positiveInt() throws ConfigException {
        return integer(1, Integer.MAX_VALUE, "a positive integer");
    }

    int port() throws ConfigException {
        return integer(0, 65535, "a port number 0..65535");
    }

    private int integer(long min, long max, String expected) throws ConfigException {
        if (node instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())) {
            String digits = scalar.getValue().replace("_", "");
            if (DECIMAL_INTEGER.matcher(digits).matches()) {
                BigInteger value = new BigInteger(digits);
                if (value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0) {
                    return value.intValue();
                }
            }
        }
        throw error("must be " + expected + ", got " + describe());
    }

    double positiveNumber() throws ConfigException {
        return number(false, Double.MAX_VALUE, "a positive number");
    }

    double percent() throws ConfigException {
        return number(true, 100, "a percentage from 1 to 100");
    }

    private double number(boolean atLeastOne, double max, String expected) throws ConfigException {
        BigDecimal value = decimal();
        double min = atLeastOne ? 1 : Double.MIN_VALUE;
        if (value == null || value.doubleValue() < min || value.doubleValue() > max) {
            throw error("must be " + expected + ", got " + describe());
        }
        return value.doubleValue();
    }

    /** A YAML int or float as an exact decimal; null for anything else (including .inf and .nan). */
    private BigDecimal decimal() {
        if (node instanceof ScalarNode scalar
                && (Tag.INT.equals(scalar.getTag()) || Tag.FLOAT.equals(scalar.getTag()))) {
            return parseDecimal(scalar.getValue());
        }
        return null;
    }

    Duration positiveDuration() throws ConfigException {
        Duration duration = durationOrNull();
        if (duration == null || duration.isZero()) {
            throw error("must be a positive duration such as " + DURATION_EXAMPLES + ", got " + describe());
        }
        return duration;
    }

    Duration nonNegativeDuration() throws ConfigException {
        Duration duration = durationOrNull();
        if (duration == null) {
            throw error("must be a duration such as " + DURATION_EXAMPLES + ", got " + describe());
        }
        return duration;
    }

    /** The duration written here, or null when it is malformed, negative or too large. */
    private Duration durationOrNull() throws ConfigException {
        Duration duration = null;
        BigDecimal seconds = decimal();
        if (seconds != null) {
            duration = secondsToDuration(seconds);
        } else if (node instanceof ScalarNode scalar && Tag.STR.equals(scalar.getTag())) {
            Matcher matcher = DURATION.matcher(scalar.getValue().trim());
            if (matcher.matches()) {
                ChronoUnit unit = switch (matcher.group(2)) {
                    case "ms" -> ChronoUnit.MILLIS;
                    case "s" -> ChronoUnit.SECONDS;
                    case "m" -> ChronoUnit.MINUTES;
                    default -> ChronoUnit.HOURS;
                };
                duration = Duration.of(Long.parseLong(matcher.group(1)), unit);
            }
        }
        if (duration != null && duration.compareTo(MAX_DURATION) > 0) {
            throw error("must be at most 365 days, got " + describe());
        }
        return duration;
    }

    String string() throws ConfigException {
        String text = scalar(Tag.STR, "a string");
        if (text.isBlank()) {
            throw error("must not be empty");
        }
        return text;
    }

    /** A string matching {@code pattern}, described as {@code expected} in the error message. */
    String string(Pattern pattern, String expected) throws ConfigException {
        String text = string();
        if (!pattern.matcher(text).matches()) {
            throw error("must be " + expected + ", got " + describe());
        }
        return text;
    }

    String headerName() throws ConfigException {
        return string(HEADER_NAME, "an HTTP header name");
    }

    /** An HTTP method, upper-cased. */
    String httpMethod() throws ConfigException {
        String method = string().toUpperCase(Locale.ROOT);
        if (!HTTP_METHODS.contains(method)) {
            throw error("must be an HTTP method (" + String.join(", ", HTTP_METHODS) + "), got " + describe());
        }
        return method;
    }

    <E extends Enum<E>> E oneOf(Class<E> type) throws ConfigException {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT));
        }
        if (node instanceof ScalarNode scalar && names.contains(scalar.getValue())) {
            return type.getEnumConstants()[names.indexOf(scalar.getValue())];
        }
        throw error("must be one of " + String.join(", ", names) + ", got " + describe());
    }

    private String scalar(Tag tag, String expected) throws ConfigException {
        if (node instanceof ScalarNode scalar && tag.equals(scalar.getTag())) {
            return scalar.getValue();
        }
        throw error("must be " + expected + ", got " + describe());
    }

    /** What the node is, for "got ..." in messages: -5, 'abc', null, a list, a mapping. */
    String describe() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        if (Tag.NULL.equals(scalar.getTag())) {
            return "null";
        }
        String text = scalar.getValue();
        String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return Tag.STR.equals(scalar.getTag()) ? "'" + shown + "'" : shown;
    }

    // ---- shared with environment overrides

    /** Parses a YAML-style decimal number ("1_000" allowed); null when it is not one. */
    static BigDecimal parseDecimal(String text) {
        try {
            return new BigDecimal(text.replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A non-negative number of seconds as a Duration, rounded to nanoseconds; null when negative. */
    static Duration secondsToDuration(BigDecimal seconds) {
        if (seconds.signum() < 0) {
            return null;
        }
        // Clamped so that the conversion cannot overflow; anything this large fails the 365-day bound anyway.
        BigDecimal bounded = seconds.min(BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000_000L));
        return Duration.ofNanos(bounded.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }
}
