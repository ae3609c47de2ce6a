package io.bulwark.core.ratelimit;

/**
 * The decimal text of a number that repeats from one request to the next (a route's limit; the reset time, which
 * moves once a second), kept instead of made per request. Only a larger number replaces the kept one: reset times
 * move forward, and with routes of different limits the largest stays kept while the others are formatted as
 * before, so interleaved values never cost more than formatting did.
 */
final class RecentText {

    private record Entry(long value, String text) {
    }

    private volatile Entry last = new Entry(0, "0");

    String of(long value) {
        Entry entry = last;
        if (entry.value == value) {
            return entry.text;
        }
        String text = Long.toString(value);
        if (value > entry.value) {
            last = new Entry(value, text);
        }
        return text;
    }
}
