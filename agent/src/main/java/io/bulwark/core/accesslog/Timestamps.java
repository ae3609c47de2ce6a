package io.bulwark.core.accesslog;

import java.time.Instant;

/**
 * Formats epoch milliseconds as ISO-8601 UTC with milliseconds ("2027-01-15T08:00:00.125Z"), always three fraction
 * digits so that lines sort and parse alike. The date and time are formatted again only when the second changes:
 * the writer formats hundreds of lines per second, nearly all within one second of the previous. One thread only.
 */
final class Timestamps {

    private long second = Long.MIN_VALUE;
    private char[] text;

    /** The timestamp's characters: the whole array, which the next call overwrites. */
    char[] format(long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, 1_000);
        int millis = (int) Math.floorMod(epochMillis, 1_000);
        if (epochSecond != second) {
            String whole = Instant.ofEpochSecond(epochSecond).toString(); // "...T08:00:00Z": no fraction at .000
            text = (whole.substring(0, whole.length() - 1) + ".000Z").toCharArray();
            second = epochSecond;
        }
        int end = text.length - 1;
        text[end - 3] = (char) ('0' + millis / 100);
        text[end - 2] = (char) ('0' + millis / 10 % 10);
        text[end - 1] = (char) ('0' + millis % 10);
        return text;
    }
}
