package io.bulwark.core.ratelimit;

/**
 * The decimal text of a number that repeats from one request to the next (a route's limit; the reset time, which
 * moves once a second), kept instead of made per request. A different number replaces the kept one, so a miss costs
 * what formatting always cost plus one small holder.
 */
final class RecentText {

    private record Entry(long value, String text) {
    }

    private volatile Entry last = new Entry(0, "0");

    String of(long value) {
        Entry entry = last;
        if (entry.value != value) {
            entry = new Entry(value, Long.toString(value));
            last = entry;
        }
        return entry.text;
    }
}
